-- users.lang holds the language a person chose for the pages with the language
-- switch; '' means none was chosen (the browser's language applies). Until now no
-- interface set it, so every stored 'en' is the old default, not a choice.
UPDATE users SET lang = '';
