//! Crate-private building blocks with no knowledge of chat, policy or profiles: hashing (and the keyed SipHash), the word
//! table, which characters are invisible, the one strict TSV reader every data file goes through, inline lists and serde helpers.

pub(crate) mod hash;
pub(crate) mod inline_list;
pub(crate) mod invisible;
pub(crate) mod serde_str;
#[cfg(feature = "openrtb")]
pub(crate) mod siphash;
pub(crate) mod table;
pub(crate) mod tsv;
