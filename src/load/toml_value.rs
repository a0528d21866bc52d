//! TOML values as the shared field readers see them ([`FieldValue`]): a value and its span, how
//! TOML names its types in messages, and figures read exactly. Read by the whole-file parse
//! (`toml`) and the parts reader (`toml_big`) alike.

use super::fields::{article, FieldValue, Kind};
use crate::time::Time;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A TOML value and its span.
pub type Value<'i> = Spanned<DeValue<'i>>;

/// TOML names its own types in messages; dates are values of their own; one string may stand
/// for a list of one.
impl<'i> FieldValue for Value<'i> {
    type Table = DeTable<'i>;
    const TABLE: (&'static str, &'static str) = ("a table", "expected a table");
    const DATE: &'static str = "a date";
    const STRING_IS_A_LIST: bool = true;
    const NO_REPORT: (&'static str, &'static str) =
        ("claims need a [report] table saying which report they come from", "this file has [[claim]] but no [report]");

    fn span(&self) -> Range<usize> {
        Spanned::span(self)
    }

    fn type_name(&self) -> &'static str {
        match self.get_ref() {
            DeValue::String(_) => "a string",
            DeValue::Integer(_) => "an integer",
            DeValue::Float(_) => "a float",
            DeValue::Boolean(_) => "a boolean",
            DeValue::Datetime(_) => "a datetime",
            DeValue::Array(_) => "an array",
            DeValue::Table(_) => "a table",
        }
    }

    fn kind(&self) -> Kind<'_, Self> {
        match self.get_ref() {
            DeValue::String(s) => Kind::Str(s),
            DeValue::Integer(_) | DeValue::Float(_) => Kind::Number(number(self.get_ref())),
            DeValue::Boolean(b) => Kind::Bool(*b),
            DeValue::Datetime(dt) => Kind::Date(Time::from_toml_written(dt)),
            DeValue::Array(items) => Kind::Array(items),
            DeValue::Table(table) => Kind::Table(table),
        }
    }

    fn get<'t>(table: &'t DeTable<'i>, key: &str) -> Option<&'t Self> {
        table.get(key)
    }

    fn keys<'t>(table: &'t DeTable<'i>) -> impl Iterator<Item = (&'t str, Range<usize>)> {
        table.iter().map(|(key, _)| (key.get_ref().as_ref(), key.span()))
    }

    fn not_a_date(&self, key: &str, what: &str) -> (String, &'static str) {
        // A date in quotes is a string: say how to write it.
        let hint = match self.get_ref() {
            DeValue::String(s) => format!(" (write it unquoted, as a TOML date: {key} = {s})"),
            _ => String::new(),
        };
        let msg = format!(
            "`{key}` of {} {what} must be a TOML date or datetime, found {}{hint}",
            article(what),
            self.type_name()
        );
        (msg, "expected a date such as 2016-12-13")
    }

    fn not_tables(&self, key: &str) -> (String, &'static str) {
        let msg = format!("`{key}` must be an array of tables ([[{key}]]), found {}", self.type_name());
        (msg, "expected [[tables]]")
    }
}

/// A TOML number as a figure: an integer only where an `f64` holds it exactly, and never an
/// infinity.
pub(super) fn number(v: &DeValue) -> Option<f64> {
    let n = match v {
        // An integer is read only where a figure holds it exactly (DESIGN §3 v2: it fits an
        // i64; and beyond 2^53 an f64 would silently round 9007199254740993 to …992).
        DeValue::Integer(i) => {
            let n = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()?;
            if n.unsigned_abs() > crate::model::MAX_EXACT_INTEGER as u64 {
                return None;
            }
            n as f64
        }
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}
