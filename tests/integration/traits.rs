use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::Arc;

use chat_interests::*;

fn assert_all<T: Send + Sync + UnwindSafe + RefUnwindSafe>() {}

#[test]
fn public_types_are_send_sync_unwind_safe() {
    assert_all::<Classifier>();
    assert_all::<ClassifierBuilder>();
    assert_all::<Classification>();
    assert_all::<ScoredInterest>();
    assert_all::<PolicyEngine>();
    assert_all::<Policy>();
    assert_all::<PolicyBuilder>();
    assert_all::<MessageContext>();
    assert_all::<MessageContextBuilder>();
    assert_all::<MessageId>();
    assert_all::<LexiconFile>();
    assert_all::<ScoredInterest>();
    assert_all::<Decision>();
    assert_all::<Allowed>();
    assert_all::<DenyReason>();
    assert_all::<InterestProfile>();
    assert_all::<Explanation>();
    assert_all::<InterestId>();
    assert_all::<Topic>();
    assert_all::<SensitiveCategory>();
    assert_all::<SensitiveSet>();
    assert_all::<Region>();
    assert_all::<Surface>();
    assert_all::<Language>();
    assert_all::<Timestamp>();
    assert_all::<CivilDate>();
    assert_all::<Start>();
    assert_all::<UnknownAge>();
    assert_all::<MatchMode>();
    assert_all::<BuildError>();
    assert_all::<ParseError>();
    assert_all::<PolicyError>();
    assert_all::<ProfileError>();
    assert_all::<InterestIdError>();
    assert_all::<RangeError>();
}

#[test]
fn one_classifier_shared_by_eight_threads() {
    let classifier = Arc::new(Classifier::builtin());
    let expected = classifier.classify("cheap flights to Lisbon and a hotel near the beach", None);
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let c = Arc::clone(&classifier);
            std::thread::spawn(move || {
                (0..200)
                    .map(|_| c.classify("cheap flights to Lisbon and a hotel near the beach", None))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        for c in h.join().expect("no panic") {
            assert_eq!(c, expected);
        }
    }
}
