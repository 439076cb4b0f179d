//! One way to make a closed set of names: an enum whose every value has a stable lower-case
//! name, with `ALL`, `as_str`, `Display`, `FromStr`, serde and (feature `schema`) a JSON Schema
//! that all agree, because they are generated from one list.

/// Declares a closed set.
///
/// ```ignore
/// closed_set! {
///     /// Docs of the enum.
///     #[derive(PartialOrd, Ord)]
///     pub enum Grade ("a grade") {
///         /// Docs of the value.
///         Green => "green",
///     }
/// }
/// ```
use std::fmt;

/// A name that is not one of a closed set's: what was given, what kind of name was expected, and
/// the names there are. Converts into the crate's [`Error`](crate::Error) (code `parse`).
///
/// ```
/// use needmatrix::Grade;
///
/// let e = "purple".parse::<Grade>().unwrap_err();
/// assert_eq!(e.given(), "purple");
/// assert_eq!(e.to_string(), "`purple` is not a grade (one of green, amber, red)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    given: String,
    what: &'static str,
    names: &'static [&'static str],
}

impl UnknownName {
    /// Made by the generated `FromStr`s.
    pub(crate) fn new(given: &str, what: &'static str, names: &'static [&'static str]) -> Self {
        // Hostile input is kept in part only (the message cuts it again for display).
        let given: String = given.chars().take(256).collect();
        UnknownName { given, what, names }
    }

    /// The text given.
    #[must_use]
    pub fn given(&self) -> &str {
        &self.given
    }

    /// The names there are, in order.
    #[must_use]
    pub fn names(&self) -> &'static [&'static str] {
        self.names
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not {} (one of {})",
            crate::quote::Quoted(&self.given),
            self.what,
            self.names.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

macro_rules! closed_set {
    (
        $(#[$attr:meta])*
        pub enum $ty:ident ($what:literal) {
            $($(#[$vattr:meta])* $variant:ident => $text:literal),* $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $ty {
            $($(#[$vattr])* $variant,)*
        }

        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            /// The stable lower-case name, as files write it.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),* }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::closed::UnknownName;

            /// Reads the stable name; anything else is refused, listing the names there are.
            fn from_str(text: &str) -> ::std::result::Result<Self, $crate::closed::UnknownName> {
                match text {
                    $($text => Ok($ty::$variant),)*
                    other => Err($crate::closed::UnknownName::new(other, $what, &[$($text),*])),
                }
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }

        #[cfg(feature = "schema")]
        impl ::schemars::JsonSchema for $ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                let names: Vec<&str> = $ty::ALL.iter().map(|v| v.as_str()).collect();
                ::schemars::json_schema!({"type": "string", "enum": names})
            }
        }
    };
}

pub(crate) use closed_set;
