//! `merge_profiles(person, text, lang, at, region, age, surface, linked, message_id)`: one profile
//! per group, built by the policy from the messages it allows.
//!
//! The accumulator classifies each row and asks the policy itself, because only the policy can make
//! an `Allowed` — a profile cannot be fed a decision that was not the policy's. Partial states are
//! profiles in their stored form ([`crate::encode_profile`]), read back with validation and merged
//! with the core's `InterestProfile::merge`, which is commutative and associative.

use std::sync::Arc;

use chat_interests::{InterestProfile, Scratch};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{Accumulator, AggregateUDFImpl, Signature, Volatility};

use crate::Handle;
use crate::columns::{Messages, coerce_types, str_at};
use crate::state::{decode_profile, encode_profile};

const NAME: &str = "merge_profiles";

/// The aggregate UDF `merge_profiles`, under one policy and profile settings.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct MergeProfiles {
    shared: Handle,
    signature: Signature,
}

impl MergeProfiles {
    pub(crate) fn new(shared: Handle) -> Self {
        Self {
            shared,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl AggregateUDFImpl for MergeProfiles {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce_types(NAME, &["person"], arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Binary)
    }

    fn state_fields(&self, _args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![Arc::new(Field::new(
            "profile",
            DataType::Binary,
            true,
        ))])
    }

    fn accumulator(&self, _args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(ProfileAccumulator::new(self.shared.clone())))
    }
}

/// One group's profile so far: none until its first row with a person.
#[derive(Debug)]
pub(crate) struct ProfileAccumulator {
    shared: Handle,
    profile: Option<InterestProfile>,
}

impl ProfileAccumulator {
    pub(crate) fn new(shared: Handle) -> Self {
        Self {
            shared,
            profile: None,
        }
    }

    /// The group's profile, made for `person` on first use; an error when the group holds two
    /// persons (the query must group by the person column).
    fn profile_for(&mut self, person: &str) -> Result<&mut InterestProfile> {
        let profile = match self.profile.take() {
            Some(p) => p,
            None => match self.shared.new_profile(person) {
                Ok(p) => p,
                Err(e) => return exec_err!("{NAME}: person {person:?}: {e}"),
            },
        };
        if profile.key() != person {
            let first = profile.key().to_owned();
            self.profile = Some(profile);
            return exec_err!(
                "{NAME}: one group holds two persons ({first:?} and {person:?}); group by the person column"
            );
        }
        Ok(self.profile.insert(profile))
    }

    fn stored(&self) -> ScalarValue {
        ScalarValue::Binary(self.profile.as_ref().map(encode_profile))
    }
}

impl Accumulator for ProfileAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some((person, message)) = values.split_first() else {
            return exec_err!("{NAME}: no arguments");
        };
        let person: StringArray = match person.data_type() {
            DataType::Utf8 => person.as_string::<i32>().clone(),
            _ => datafusion::arrow::compute::cast(person, &DataType::Utf8)?
                .as_string::<i32>()
                .clone(),
        };
        let m = Messages::new(message)?;
        let shared = self.shared.clone();
        let mut scratch = Scratch::new();
        for i in 0..m.len() {
            let (Some(key), Some((text, lang))) = (str_at(&person, i), m.text(i)) else {
                continue;
            };
            let c = shared.classifier.classify_with(text, lang, &mut scratch);
            let decision = shared.engine.evaluate(&m.context(i), &c);
            let profile = self.profile_for(key)?;
            if let Some(allowed) = decision.allowed() {
                profile.ingest(allowed);
            }
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(self.stored())
    }

    fn size(&self) -> usize {
        // The profile's heap is about its stored form, a few times over (vectors, a map of ids).
        std::mem::size_of_val(self)
            + self
                .profile
                .as_ref()
                .map_or(0, |p| 4 * 64 * (p.len() + p.ledger_messages()))
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![self.stored()])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let [states] = states else {
            return exec_err!("{NAME}: expected one state column, got {}", states.len());
        };
        let Some(states) = states.as_binary_opt::<i32>() else {
            return exec_err!(
                "{NAME}: a partial state must be Binary, not {}",
                states.data_type()
            );
        };
        for i in 0..states.len() {
            if states.is_null(i) {
                continue;
            }
            let other = match decode_profile(states.value(i)) {
                Ok(p) => p,
                Err(e) => return exec_err!("{NAME}: partial state {i} of a batch: {e}"),
            };
            match &mut self.profile {
                None => self.profile = Some(other),
                Some(p) if p.key() != other.key() => {
                    return exec_err!(
                        "{NAME}: partial states of two persons ({:?} and {:?}) in one group",
                        p.key(),
                        other.key()
                    );
                }
                Some(p) => {
                    if let Err(e) = p.merge(&other) {
                        return exec_err!("{NAME}: merging a partial state: {e}");
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chat_interests::{Policy, Timestamp};
    use datafusion::arrow::array::{BinaryArray, RecordBatch};
    use proptest::prelude::*;

    use super::*;
    use crate::ChatInterests;
    use crate::reference::{compare, sequential};
    use crate::synthetic::{FIRST_AT, Message, SPAN_SECS, messages, to_batch};

    fn functions() -> ChatInterests {
        ChatInterests::builder(Policy::announced_rollout())
            .max_entries(65_536)
            .build()
            .unwrap()
    }

    /// The arguments of `merge_profiles` for `rows`, from the table's columns.
    fn arguments(rows: &[Message]) -> Vec<ArrayRef> {
        let b: RecordBatch = to_batch(rows).unwrap();
        let c = |name: &str| Arc::clone(b.column_by_name(name).unwrap());
        [
            "person", "text", "lang", "at", "region", "age", "surface", "linked", "id",
        ]
        .map(c)
        .to_vec()
    }

    fn accumulator(f: &ChatInterests) -> ProfileAccumulator {
        ProfileAccumulator::new(f.shared.clone())
    }

    fn state_of(acc: &mut ProfileAccumulator) -> ArrayRef {
        let ScalarValue::Binary(bytes) = acc.state().unwrap().remove(0) else {
            unreachable!()
        };
        Arc::new(BinaryArray::from(vec![bytes.as_deref()]))
    }

    fn merged_error(state: &[u8]) -> String {
        let states: ArrayRef = Arc::new(BinaryArray::from(vec![Some(state)]));
        accumulator(&functions())
            .merge_batch(&[states])
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_corrupt_partial_state_fails_the_merge_with_a_clear_error() {
        let err = merged_error(b"\x04 not a profile");
        assert!(
            err.contains("merge_profiles: partial state 0 of a batch")
                && err.contains("not a valid stored profile"),
            "{err}"
        );
    }

    #[test]
    fn a_partial_state_smuggling_a_sensitive_interest_is_refused() {
        // A state whose interest id is rewritten to Christianity (459), a sensitive node.
        let rows: Vec<Message> = messages(400, 5)
            .into_iter()
            .filter(|m| m.text.starts_with("cheap flights"))
            .collect();
        let f = functions();
        let person = rows[0].person.clone();
        let rows: Vec<Message> = rows.into_iter().filter(|m| m.person == person).collect();
        let mut acc = accumulator(&f);
        acc.update_batch(&arguments(&rows)).unwrap();
        let p = acc.profile.clone().unwrap();
        let (id, _) = p.top(
            1,
            Timestamp::from_unix_seconds(FIRST_AT + SPAN_SECS).unwrap(),
        )[0];
        let id = id.iab_id().as_bytes();
        assert_eq!(id.len(), 3, "a three-digit id to overwrite");
        let mut bytes = encode_profile(&p);
        let at = bytes
            .windows(4)
            .position(|w| w[0] == 3 && &w[1..] == id)
            .unwrap();
        bytes[at + 1..at + 4].copy_from_slice(b"459");
        let err = merged_error(&bytes);
        assert!(err.contains("the core's validation refused it"), "{err}");
    }

    #[test]
    fn two_persons_in_one_group_are_an_error() {
        let rows = messages(200, 9);
        let err = accumulator(&functions())
            .update_batch(&arguments(&rows))
            .unwrap_err()
            .to_string();
        assert!(err.contains("one group holds two persons"), "{err}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Any split of a person's messages into parts, merged in any order, gives the profile the
        /// sequential loop gives.
        #[test]
        fn any_split_and_merge_order_gives_the_sequential_profile(
            seed in 0u64..1_000,
            cuts in proptest::collection::vec(0usize..120, 0..6),
            order in proptest::collection::vec(any::<usize>(), 6),
        ) {
            let f = functions();
            let all = messages(3_000, seed);
            let person = all[0].person.clone();
            let rows: Vec<Message> = all.into_iter().filter(|m| m.person == person).collect();
            let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (rows.len() + 1)).collect();
            bounds.extend([0, rows.len()]);
            bounds.sort_unstable();
            let mut states: Vec<ArrayRef> = bounds
                .windows(2)
                .map(|w| {
                    let mut acc = accumulator(&f);
                    acc.update_batch(&arguments(&rows[w[0]..w[1]])).unwrap();
                    state_of(&mut acc)
                })
                .collect();
            // A permutation of the parts from `order`.
            for (i, o) in order.iter().enumerate().take(states.len()) {
                let j = o % states.len();
                states.swap(i, j);
            }
            let mut last = accumulator(&f);
            for s in &states {
                last.merge_batch(std::slice::from_ref(s)).unwrap();
            }
            let mut got = BTreeMap::new();
            let ScalarValue::Binary(Some(bytes)) = last.evaluate().unwrap() else {
                unreachable!("the parts had rows")
            };
            got.insert(person.clone(), decode_profile(&bytes).unwrap());
            let expected = sequential(&f, &rows, |_| true).unwrap();
            let as_of = Timestamp::from_unix_seconds(FIRST_AT + SPAN_SECS).unwrap();
            prop_assert_eq!(compare(&expected, &got, as_of, 1e-9), Ok(()));
        }
    }
}
