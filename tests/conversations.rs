//! Conversations: a sensitive turn taints the turns after it, within the policy's window, in any
//! interleaving of conversations; stored conversation states are validated.

use chat_interests::*;
use once_cell::sync::Lazy;
use proptest::prelude::*;

static CLASSIFIER: Lazy<Classifier> = Lazy::new(Classifier::builtin);

/// Sensitive turns: one named term each, so the lexicon flags them whatever the model says.
const SENSITIVE: &[&str] = &[
    "I was diagnosed with type 2 diabetes last week",
    "my therapist changed my antidepressants",
    "we go to mass every sunday",
    "I'm gay and my parents don't know",
    "which party should I vote for, the Greens or Labour",
    "ich habe seit Jahren Migräne",
];

/// Turns that on their own are used.
const BENIGN: &[&str] = &[
    "which running shoes are good for long walks?",
    "cheap flights to Rome in May",
    "best pizza dough recipe",
    "how do I fix a flat bike tyre",
    "Urlaub an der Ostsee mit Hund",
    "good science fiction novels",
];

fn window() -> impl Strategy<Value = ConversationWindow> {
    (
        prop::option::of(1u32..5),
        prop::option::of(prop::sample::select(&[60u64, 3_600, 86_400][..])),
    )
        .prop_map(|(turns, seconds)| ConversationWindow { turns, seconds })
}

/// A turn: (conversation, sensitive?, which text, minutes after the previous turn).
fn turns() -> impl Strategy<Value = Vec<(usize, bool, usize, i64)>> {
    prop::collection::vec(
        (0usize..3, prop::bool::weighted(0.3), 0usize..6, 0i64..90),
        1..24,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// No turn after a sensitive turn of the same conversation, within the window, contributes; every
    /// other turn is decided as it would be alone.
    #[test]
    fn a_sensitive_turn_taints_its_conversation_within_the_window(
        window in window(),
        turns in turns(),
    ) {
        let policy = Policy::builder("conversations")
            .surfaces(["instagram".parse().unwrap()])
            .conversation_window(window)
            .build()
            .unwrap();
        let engine = PolicyEngine::new(policy);
        let mut states = vec![ConversationState::new(); 3];
        // Per conversation: (turn index, time) of each turn, and whether it was sensitive.
        let mut history: Vec<Vec<(u32, i64, bool)>> = vec![Vec::new(); 3];
        let mut now = 1_767_225_600; // 2026-01-01T00:00:00Z
        for (conversation, sensitive, which, minutes) in turns {
            now += minutes * 60;
            let text = if sensitive { SENSITIVE[which] } else { BENIGN[which] };
            let ctx = MessageContext::builder()
                .at(Timestamp::from_unix_seconds(now).unwrap())
                .region("US".parse().unwrap())
                .surface("instagram".parse().unwrap())
                .build();
            let c = CLASSIFIER.classify(text, None);
            let alone = engine.evaluate(&ctx, &c);
            let d = engine.evaluate_turn(&ctx, &c, &mut states[conversation]);
            let turn = history[conversation].len() as u32;
            let tainted = history[conversation].iter().any(|&(t, at, was)| {
                was && window.turns.map_or(true, |w| turn - t <= w)
                    && window.seconds.map_or(true, |s| (now - at) as u64 <= s)
            });
            let flagged = !engine.sensitive_in(&c).is_empty();
            history[conversation].push((turn, now, flagged));
            let codes: Vec<_> = d.reasons().iter().map(|r| r.code()).collect();
            if tainted {
                prop_assert!(!d.is_allowed(), "{text:?} after a sensitive turn was used");
                prop_assert!(d.interests().is_empty());
                prop_assert!(codes.contains(&"conversation_sensitive"), "{codes:?}");
            } else {
                prop_assert_eq!(&d, &alone, "{:?} outside any window decided differently", text);
            }
            prop_assert_eq!(states[conversation].turns(), turn + 1);
        }
    }

    /// A stored state either fails validation or reads back as itself, with every recorded turn
    /// before the number of turns.
    #[test]
    fn stored_states_are_validated_or_round_trip(
        version in 0u32..3,
        turns in 0u32..6,
        seen in prop::collection::vec(
            (
                prop::sample::select(&["health", "religion", "politics", "astrology", "Health"][..]),
                0u32..7,
                prop::option::of(prop::sample::select(&[5i64, 1_767_225_600, 9_999_999_999][..])),
            ),
            0..4,
        ),
    ) {
        let seen: Vec<_> = seen
            .iter()
            .map(|(c, turn, at)| serde_json::json!({"category": c, "turn": turn, "at": at}))
            .collect();
        let json = serde_json::json!({"version": version, "turns": turns, "seen": seen}).to_string();
        if let Ok(state) = serde_json::from_str::<ConversationState>(&json) {
            prop_assert_eq!(version, ConversationState::FORMAT_VERSION);
            prop_assert_eq!(state.turns(), turns);
            let again = serde_json::to_string(&state).unwrap();
            prop_assert_eq!(serde_json::from_str::<ConversationState>(&again).unwrap(), state);
        }
    }
}

#[test]
fn the_window_is_policy_data() {
    let p = Policy::announced_rollout();
    assert_eq!(p.conversation_window(), ConversationWindow::default());
    assert_eq!(
        Policy::strict_gdpr_art9().conversation_window(),
        ConversationWindow {
            turns: None,
            seconds: None
        }
    );
    let json = serde_json::to_string(&p).unwrap();
    assert!(
        json.contains(r#""conversation_window":{"turns":null,"seconds":86400}"#),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), p);
    // A policy file without the field gets the default; a window that taints nothing is refused.
    let without = json.replace(
        r#","conversation_window":{"turns":null,"seconds":86400}"#,
        "",
    );
    assert_eq!(serde_json::from_str::<Policy>(&without).unwrap(), p);
    for zero in [
        r#"{"turns":0,"seconds":null}"#,
        r#"{"turns":null,"seconds":0}"#,
    ] {
        let bad = json.replace(r#"{"turns":null,"seconds":86400}"#, zero);
        let e = serde_json::from_str::<Policy>(&bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("taints nothing"), "{e}");
    }
}

#[test]
fn a_turn_with_unknown_time_stays_tainted() {
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let mut chat = ConversationState::new();
    let at = MessageContext::builder()
        .at("2026-01-10T12:00:00Z".parse().unwrap())
        .region("US".parse().unwrap());
    engine.evaluate_turn(
        &at.clone().build(),
        &CLASSIFIER.classify(SENSITIVE[0], None),
        &mut chat,
    );
    // Two days later the window is over; a turn without a time cannot show that it is.
    let later = at
        .clone()
        .at("2026-01-12T12:00:00Z".parse().unwrap())
        .build();
    let benign = CLASSIFIER.classify(BENIGN[0], None);
    let mut copy = chat.clone();
    assert!(engine
        .evaluate_turn(&later, &benign, &mut copy)
        .is_allowed());
    let unknown = MessageContext::builder()
        .region("US".parse().unwrap())
        .build();
    let d = engine.evaluate_turn(&unknown, &benign, &mut chat);
    let codes: Vec<_> = d.reasons().iter().map(|r| r.code()).collect();
    assert_eq!(codes, ["conversation_sensitive", "time_unknown"]);
}
