//! Any bytes as a stored profile: deserializing must not panic, and a profile that loads holds no
//! sensitive id, no bad score, and round-trips.
#![no_main]

use chat_interests::{InterestProfile, Timestamp, Topic};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(p) = serde_json::from_str::<InterestProfile>(text) else { return };
    assert!(p.len() <= p.max_entries());
    let at = Timestamp::from_unix_seconds(1_800_000_000).unwrap();
    for (id, score) in p.top(usize::MAX, at) {
        assert!(Topic::from(id).sensitive().is_none());
        assert!(score.is_finite() && score >= 0.0);
    }
    let json = serde_json::to_string(&p).unwrap();
    let back: InterestProfile = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
});
