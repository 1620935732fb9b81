//! Output schemas that extend input schemas with read-only fields. The input types
//! refuse unknown fields (`additionalProperties: false`), so an output cannot be
//! described as "input allOf extra": the schema is the input's object with the
//! extra properties added and the refusal lifted.

use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::RefOr;

pub fn uuid() -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid))).into()
}

pub fn date_time() -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))).into()
}

pub fn integer() -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::Integer).format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64))).into()
}

pub fn string() -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).into()
}

pub fn boolean() -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::Boolean).into()
}

/// An array of the component named `name` (e.g. `FlagOut`).
pub fn array_of(name: &str) -> RefOr<Schema> {
    utoipa::openapi::schema::ArrayBuilder::new().items(utoipa::openapi::Ref::from_schema_name(name)).into()
}

/// The input object with `extra` properties (name, schema, required) added.
pub fn extend(base: RefOr<Schema>, description: &str, extra: Vec<(&str, RefOr<Schema>, bool)>) -> RefOr<Schema> {
    match base {
        RefOr::T(Schema::Object(mut o)) => {
            o.additional_properties = None;
            o.description = Some(description.to_string());
            for (name, s, required) in extra {
                o.properties.insert(name.to_string(), s);
                if required {
                    o.required.push(name.to_string());
                }
            }
            RefOr::T(Schema::Object(o))
        }
        other => other,
    }
}

/// Declares an output type's schema as its input type's plus read-only fields.
macro_rules! output_schema {
    ($out:ty, $input:ty, $name:literal, $desc:literal, [$(($field:literal, $schema:expr, $req:expr)),* $(,)?]) => {
        impl utoipa::PartialSchema for $out {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::web::api::schema::extend(<$input as utoipa::PartialSchema>::schema(), $desc, vec![$(($field, $schema, $req)),*])
            }
        }
        impl utoipa::ToSchema for $out {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($name)
            }
            fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
                <$input as utoipa::ToSchema>::schemas(schemas);
            }
        }
    };
}
pub(crate) use output_schema;
