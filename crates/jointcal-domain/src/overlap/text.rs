//! Text similarity for overlap detection without a dictionary: titles (and other
//! short texts) are folded (Unicode NFKC, case folding), Cyrillic is written in
//! Latin letters (so "Merke" and «Мерке» share their n-grams), and compared as sets
//! of character trigrams weighted by how rare each trigram is in the collection
//! (TF-IDF, cosine). Works the same for English, Russian, Kazakh and any other
//! language written with spaces, and does not depend on exact wording.

use crate::text::fold;
use std::collections::HashMap;

/// Latin letters for a Cyrillic letter (Russian and Kazakh), or `None` for any
/// other character. A transliteration close to the usual passport spelling; it
/// only has to make the same name give the same trigrams in both scripts.
fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' => "g",
        'д' => "d",
        'е' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'і' => "i",
        'к' | 'қ' => "k",
        'л' => "l",
        'м' => "m",
        'н' | 'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ү' | 'ұ' => "u",
        'ф' => "f",
        'х' | 'һ' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// The text as the comparison sees it: folded, Cyrillic in Latin letters, every
/// run of characters that are not letters or digits one space.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in fold(s).chars() {
        if let Some(l) = latin(c) {
            out.push_str(l);
            space = false;
        } else if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The character trigrams of a normalized text, each word padded with spaces so that
/// word starts and ends count ("merke" → " me", "mer", "erk", "rke", "ke ").
pub fn trigrams(normalized: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in normalized.split(' ').filter(|w| !w.is_empty()) {
        let chars: Vec<char> = std::iter::once(' ').chain(word.chars()).chain(std::iter::once(' ')).collect();
        for w in chars.windows(3) {
            out.push(w.iter().collect());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The ids of [`trigrams`] (the same as `token_ids(&trigrams(normalized))`), made
/// without a string per trigram: at a million records those strings were most of
/// the time spent preparing them.
pub fn trigram_ids(normalized: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(normalized.len() + 8);
    for word in normalized.split(' ').filter(|w| !w.is_empty()) {
        let (mut a, mut b) = (' ', ' ');
        for (k, c) in word.chars().chain(std::iter::once(' ')).enumerate() {
            if k >= 1 {
                out.push(char_id(&[a, b, c]));
            }
            (a, b) = (b, c);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// [`token_id`] of the text of a few characters.
fn char_id(chars: &[char]) -> u64 {
    let mut buf = [0u8; 4];
    chars.iter().fold(0xcbf2_9ce4_8422_2325, |h, c| {
        c.encode_utf8(&mut buf).bytes().fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    })
}

/// The distinct words of longer texts (descriptions), normalized, of three or more
/// characters: long texts are compared by their words, short ones by trigrams.
pub fn words<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        out.extend(normalize(t).split(' ').filter(|w| w.chars().count() >= 3).map(str::to_string));
    }
    out.sort();
    out.dedup();
    out
}

/// A token (trigram, word, feature) as a number: FNV-1a of its bytes. At a million
/// records, strings as keys cost more than the comparison; 64 bits make a collision
/// between two tokens of one collection practically impossible.
pub fn token_id(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Hashes a number that is already a hash (a token id, a feature id) by itself:
/// the standard hasher (SipHash) was a fifth of the detector's time at a million
/// records, and these keys need no protection from chosen collisions.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        // Spread the bits: hashbrown uses the top bits as tags, the low ones as slots.
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
}

/// A map keyed by ids, hashed by [`IdHasher`].
pub type IdMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;

/// The ids of tokens, sorted, each once.
pub fn token_ids(tokens: &[String]) -> Vec<u64> {
    let mut v: Vec<u64> = tokens.iter().map(|t| token_id(t)).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// How rare each token is in a collection of texts: `ln(N / df)`. Each token seen
/// also gets a small number of its own (in the order first seen), so that a text's
/// vector holds 32-bit numbers: at a million records, half the memory of its ids.
#[derive(Debug, Default, Clone)]
pub struct Rarity {
    docs: usize,
    /// Token id → (its number, in how many texts it is).
    df: IdMap<u64, (u32, u32)>,
}

impl Rarity {
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a [u64]>) -> Rarity {
        let mut docs = 0;
        let mut df: IdMap<u64, u32> = IdMap::default();
        for grams in texts {
            docs += 1;
            for g in grams {
                *df.entry(*g).or_insert(0) += 1;
            }
        }
        Rarity::of_counts(docs, df)
    }

    /// From how many texts there were and in how many each token is; tokens are
    /// numbered in the order of their ids, so the numbers do not depend on the
    /// order the texts were counted in.
    pub fn of_counts(docs: usize, df: IdMap<u64, u32>) -> Rarity {
        let mut ids: Vec<u64> = df.keys().copied().collect();
        ids.sort_unstable();
        let df =
            ids.into_iter().enumerate().map(|(n, id)| (id, (n as u32, df.get(&id).copied().unwrap_or(0)))).collect();
        Rarity { docs, df }
    }

    /// The weight of a token; one never seen counts as seen once.
    pub fn weight(&self, gram: u64) -> f64 {
        let df = self.df.get(&gram).map_or(1, |e| e.1).max(1);
        ((self.docs.max(1) as f64 + 1.0) / f64::from(df)).ln().max(0.0)
    }
}

/// A text's weighted tokens, unit length, sorted by token number (for a merge).
/// Tokens the collection never saw count in the length only: no other text of the
/// collection has them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextVector {
    v: Vec<(u32, f32)>,
    /// Whether the text had any token at all.
    any: bool,
}

impl TextVector {
    /// `grams`: token ids, each once ([`token_ids`]).
    pub fn new(grams: &[u64], rarity: &Rarity) -> TextVector {
        let mut norm = 0.0f64;
        let mut v: Vec<(u32, f64)> = Vec::with_capacity(grams.len());
        for g in grams {
            let w = rarity.weight(*g);
            norm += w * w;
            if let Some(&(n, _)) = rarity.df.get(g) {
                v.push((n, w));
            }
        }
        let norm = norm.sqrt();
        let scale = if norm > 0.0 { 1.0 / norm } else { 1.0 };
        v.sort_unstable_by_key(|e| e.0);
        let mut out: Vec<(u32, f32)> = v.into_iter().map(|(g, w)| (g, (w * scale) as f32)).collect();
        out.shrink_to_fit();
        TextVector { v: out, any: !grams.is_empty() }
    }

    /// Whether the text had no tokens at all.
    pub fn is_empty(&self) -> bool {
        !self.any
    }

    /// Cosine similarity, 0 (nothing shared) to 1 (the same trigrams).
    pub fn cosine(&self, other: &TextVector) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0f32);
        let (x, y) = (&self.v, &other.v);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        f64::from(sum).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str, corpus: &[&str]) -> f64 {
        let grams: Vec<Vec<u64>> = corpus.iter().map(|t| token_ids(&trigrams(&normalize(t)))).collect();
        let rarity = Rarity::new(grams.iter().map(|g| g.as_slice()));
        let v = |t: &str| TextVector::new(&token_ids(&trigrams(&normalize(t))), &rarity);
        v(a).cosine(&v(b))
    }

    #[test]
    fn trigram_ids_are_the_ids_of_the_trigrams() {
        for t in ["merke", "training for border guards", "a", "", "école elka 2007", "ab cd"] {
            assert_eq!(trigram_ids(t), token_ids(&trigrams(t)), "{t:?}");
        }
    }

    #[test]
    fn cyrillic_and_latin_names_meet() {
        assert_eq!(normalize("Мерке, Жамбылская обл."), "merke zhambylskaya obl");
        assert_eq!(normalize("Ақтөбе"), "aktobe");
        assert_eq!(normalize("  ÉCOLE—Ёлка  "), "école elka");
        let corpus = ["Training in Merke", "Тренинг в Мерке", "Campaign in Almaty", "Survey of migrants"];
        assert!(sim("Training in Merke", "Тренинг в Мерке", &corpus) > 0.3);
        assert!(sim("Training in Merke", "Survey of migrants", &corpus) < 0.1);
    }

    #[test]
    fn similarity_does_not_depend_on_exact_wording() {
        let corpus = [
            "Training of border guards on victim identification",
            "Victim identification training for border guards at Merke",
            "Awareness campaign for students",
            "Shelter for victims in Astana",
        ];
        let near = sim(corpus[0], corpus[1], &corpus);
        let far = sim(corpus[0], corpus[2], &corpus);
        assert!(near > 0.5 && far < 0.2, "{near} {far}");
        assert!((sim(corpus[0], corpus[0], &corpus) - 1.0).abs() < 1e-5, "weights are f32");
        assert_eq!(sim(corpus[0], corpus[1], &corpus), sim(corpus[1], corpus[0], &corpus), "symmetric");
        assert_eq!(sim("", corpus[1], &corpus), 0.0);
    }
}
