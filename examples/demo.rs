//! The main job on built-in data: a few people chat with an assistant in English and German across
//! surfaces, regions and dates. Each message is classified, gated by the announced-rollout policy, and
//! ingested into its person's profile; every decision is printed with its reasons. A conversation that
//! turns sensitive has its earlier turns forgotten, a deleted chat leaves its profile, and a person sees
//! less of a topic; then the profiles.
//!
//! ```text
//! cargo run --release --example demo
//! ```

use std::collections::BTreeMap;
use std::error::Error;

use chat_interests::{
    Classifier, ConversationState, InterestProfile, MessageContext, Policy, PolicyEngine, Receipt,
    Timestamp, Topic,
};

struct Chat {
    id: &'static str,
    account: &'static str,
    identity: Option<&'static str>,
    surface: &'static str,
    region: &'static str,
    age: u16,
    at: &'static str,
    text: &'static str,
    hidden: &'static [&'static str],
    /// Turns of one conversation share an id: a sensitive turn taints the turns after it.
    conversation: Option<&'static str>,
}

const CHATS: &[Chat] = &[
    Chat { id: "m01", account: "ana.ig", identity: Some("ana"), surface: "instagram", region: "US", age: 31, at: "2026-01-04T09:15:00-07:00",
        text: "Planning a road trip through Utah, which national parks should we see and where can we camp?", hidden: &[], conversation: None },
    Chat { id: "m02", account: "ana.fb", identity: Some("ana"), surface: "facebook", region: "US", age: 31, at: "2026-01-06T20:02:00-07:00",
        text: "What trail running shoes are good for rocky hiking trails?", hidden: &[], conversation: None },
    Chat { id: "m03", account: "ana.wa", identity: Some("ana"), surface: "whatsapp", region: "US", age: 31, at: "2026-01-07T12:40:00-07:00",
        text: "Give me an easy recipe for a vegetarian chili for six people", hidden: &[], conversation: None },
    Chat { id: "m04", account: "ana.ig", identity: Some("ana"), surface: "instagram", region: "US", age: 31, at: "2026-01-09T08:00:00-07:00",
        text: "My therapist says I should journal about my anxiety, any tips?", hidden: &[], conversation: None },
    Chat { id: "m05", account: "ana.fb", identity: Some("ana"), surface: "facebook", region: "US", age: 31, at: "2026-01-10T18:30:00-07:00",
        text: "best espresso machine under 300 dollars?", hidden: &["210"], conversation: None },
    Chat { id: "m06", account: "lukas", identity: None, surface: "instagram", region: "CH", age: 42, at: "2026-01-08T19:00:00+01:00",
        text: "Welche Laufschuhe sind gut für einen Halbmarathon im Frühling?", hidden: &[], conversation: None },
    Chat { id: "m07", account: "lukas", identity: None, surface: "instagram", region: "CH", age: 42, at: "2026-01-12T21:10:00+01:00",
        text: "Wer gewinnt heute Abend in der Bundesliga, Dortmund oder Leverkusen?", hidden: &[], conversation: None },
    Chat { id: "m08", account: "lukas", identity: None, surface: "facebook", region: "CH", age: 42, at: "2026-01-13T07:45:00+01:00",
        text: "Meine Diabetesberatung ist morgen, was soll ich zum Frühstück essen?", hidden: &[], conversation: None },
    Chat { id: "m09", account: "jonas", identity: None, surface: "instagram", region: "DE", age: 35, at: "2026-01-08T10:00:00+01:00",
        text: "Ich suche ein neues Rennrad für Touren im Schwarzwald", hidden: &[], conversation: None },
    Chat { id: "m10", account: "mia", identity: None, surface: "instagram", region: "US", age: 16, at: "2026-01-08T16:20:00-05:00",
        text: "what are the best Nintendo Switch games for playing with friends?", hidden: &[], conversation: None },
    Chat { id: "m11", account: "rafa.wa", identity: None, surface: "whatsapp", region: "BR", age: 27, at: "2026-01-09T14:00:00-03:00",
        text: "Which laptop is better for video editing, a MacBook Pro or a gaming laptop?", hidden: &[], conversation: None },
    Chat { id: "m12", account: "rafa.ig", identity: None, surface: "instagram", region: "BR", age: 27, at: "2025-12-01T11:00:00-03:00",
        text: "Recommend me some good sci-fi novels like Dune", hidden: &[], conversation: None },
    Chat { id: "m13", account: "rafa.ig", identity: None, surface: "instagram", region: "BR", age: 27, at: "2026-01-09T15:00:00-03:00",
        text: "Should I vote for Lula again? Also where can I buy a Flamengo jersey?", hidden: &[], conversation: None },
    Chat { id: "m14", account: "rafa.ig", identity: None, surface: "instagram", region: "BR", age: 27, at: "2026-01-11T10:00:00-03:00",
        text: "Black Friday is over, but where can I still find cheap Flamengo jerseys and football boots?", hidden: &[], conversation: None },
    // One conversation that turns sensitive: the first turn is used, the second is sensitive, and the
    // third, harmless on its own, is part of a health conversation now.
    Chat { id: "m15", account: "sam", identity: None, surface: "threads", region: "US", age: 52, at: "2026-01-14T08:00:00-06:00",
        text: "Which walking shoes are good for long walks on pavement?", hidden: &[], conversation: Some("sam-1") },
    Chat { id: "m16", account: "sam", identity: None, surface: "threads", region: "US", age: 52, at: "2026-01-14T08:02:00-06:00",
        text: "I was diagnosed with type 2 diabetes last week and my doctor wants me to walk every day", hidden: &[], conversation: Some("sam-1") },
    Chat { id: "m17", account: "sam", identity: None, surface: "threads", region: "US", age: 52, at: "2026-01-14T08:05:00-06:00",
        text: "Any good audiobooks for a long walk?", hidden: &[], conversation: Some("sam-1") },
];

fn main() -> Result<(), Box<dyn Error>> {
    let classifier = Classifier::builtin();
    let engine = PolicyEngine::new(Policy::announced_rollout());
    let mut profiles: BTreeMap<String, InterestProfile> = BTreeMap::new();
    let mut latest: Option<Timestamp> = None;
    let mut conversations: BTreeMap<&str, ConversationState> = BTreeMap::new();
    // What each used message added, by message id: the host keeps these to forget messages later.
    let mut receipts: BTreeMap<&str, (String, Receipt)> = BTreeMap::new();
    // The used turns of each conversation, to forget when it turns sensitive.
    let mut used_turns: BTreeMap<&str, Vec<&str>> = BTreeMap::new();

    println!(
        "Policy: {} — {} chat messages\n",
        engine.policy().name(),
        CHATS.len()
    );
    for chat in CHATS {
        let mut ctx = MessageContext::builder()
            .at(chat.at.parse()?)
            .region(chat.region.parse()?)
            .age(chat.age)
            .surface(chat.surface.parse()?)
            .linked(chat.identity.is_some())
            .message_id(chat.id);
        for h in chat.hidden {
            ctx = ctx.hide_topic(Topic::new(h)?);
        }
        let ctx = ctx.build();
        let c = classifier.classify(chat.text, None);
        let d = match chat.conversation {
            Some(id) => engine.evaluate_turn(&ctx, &c, conversations.entry(id).or_default()),
            None => engine.evaluate(&ctx, &c),
        };
        let who = chat.identity.map_or(chat.account.to_owned(), |i| {
            format!("{i} (via {})", chat.account)
        });
        println!(
            "{} {who} · {} · {} · age {} · {}",
            chat.id, chat.surface, chat.region, chat.age, chat.at
        );
        if let Some(id) = chat.conversation {
            println!("    conversation {id}");
        }
        println!("    \"{}\"", chat.text);
        match d.allowed() {
            Some(allowed) => {
                let names: Vec<String> = allowed
                    .interests()
                    .iter()
                    .take(4)
                    .map(|s| format!("{} [{}] {:.2}", s.id().name(), s.id().iab_id(), s.score()))
                    .collect();
                let withheld = match allowed.withheld() {
                    0 => String::new(),
                    n => format!(" ({n} withheld: topic hidden)"),
                };
                println!(
                    "    USED → {}{withheld}",
                    if names.is_empty() {
                        "no interests".into()
                    } else {
                        names.join(", ")
                    }
                );
                let key = InterestProfile::key_for(Some(chat.account), chat.identity)
                    .unwrap_or(chat.account);
                if !profiles.contains_key(key) {
                    profiles.insert(key.to_owned(), InterestProfile::new(key)?);
                }
                if let Some(p) = profiles.get_mut(key) {
                    receipts.insert(chat.id, (key.to_owned(), p.ingest(allowed)));
                }
                if let Some(id) = chat.conversation {
                    used_turns.entry(id).or_default().push(chat.id);
                }
                latest = latest.max(Some(allowed.at()));
            }
            None => {
                let reasons: Vec<String> = d.reasons().iter().map(|r| r.to_string()).collect();
                println!("    NOT USED → {}", reasons.join("; "));
                // The conversation turned sensitive: its earlier, used turns leave the profile too.
                let sensitive = d.reasons().iter().any(|r| r.code() == "sensitive");
                if let (true, Some(id)) = (sensitive, chat.conversation) {
                    for turn in used_turns.remove(id).unwrap_or_default() {
                        forget(&mut profiles, &receipts, turn)?;
                    }
                }
            }
        }
        println!();
    }

    // A deleted chat: lukas deletes the chat about the Bundesliga; the message leaves his profile.
    println!("lukas deletes chat m07");
    forget(&mut profiles, &receipts, "m07")?;
    println!();

    // Ad preferences: ana asks to see less of Travel. Its interests stay, read at the policy's factor.
    let as_of = latest.unwrap_or_else(Timestamp::now);
    let travel = Topic::new("653")?;
    if let Some(ana) = profiles.get_mut("ana") {
        let before = ana.top(usize::MAX, as_of);
        ana.see_less(travel, engine.policy().see_less_factor())?;
        let after = ana.top(usize::MAX, as_of);
        println!(
            "ana asks to see less of {} [{}] (factor {}): its interests stay, ranked lower",
            travel.name(),
            travel.iab_id(),
            engine.policy().see_less_factor()
        );
        for (id, score) in after.iter().filter(|(id, _)| id.is_within(travel)) {
            let rank =
                |v: &[(chat_interests::InterestId, f64)]| v.iter().position(|(i, _)| i == id);
            println!(
                "    {:<32} {score:.3}, rank {} (was {:.3}, rank {})",
                format!("{} [{}]", id.name(), id.iab_id()),
                rank(&after).map_or(0, |r| r + 1),
                before
                    .iter()
                    .find(|(i, _)| i == id)
                    .map_or(0.0, |(_, s)| *s),
                rank(&before).map_or(0, |r| r + 1),
            );
        }
        println!();
    }

    println!("Profiles as of {as_of}\n");
    for (key, p) in &profiles {
        let surfaces: Vec<&str> = p.surfaces().iter().map(|s| s.as_str()).collect();
        if p.messages() == 0 {
            println!("{key}: nothing left (every message it had was forgotten)\n");
            continue;
        }
        let plural = if p.messages() == 1 { "" } else { "s" };
        println!(
            "{key}: {} message{plural} from {}",
            p.messages(),
            surfaces.join(", ")
        );
        for (id, score) in p.top(5, as_of) {
            let why = p.explain(id, as_of).ok_or("explained interest vanished")?;
            let from: Vec<&str> = why.surfaces().iter().map(|s| s.as_str()).collect();
            let less = match why.see_less_factor() {
                f if f < 1.0 => format!(", seen less ×{f}"),
                _ => String::new(),
            };
            println!(
                "    {:<32} {score:.3}  ({} msg, last {}, on {}, messages {}{less})",
                format!("{} [{}]", id.name(), id.iab_id()),
                why.messages(),
                why.last_seen().to_utc(),
                from.join("+"),
                why.recent_messages().join(",")
            );
        }
        println!();
    }
    Ok(())
}

/// Forgets message `id` from the profile it went into, with its receipt, and says how.
fn forget(
    profiles: &mut BTreeMap<String, InterestProfile>,
    receipts: &BTreeMap<&str, (String, Receipt)>,
    id: &str,
) -> Result<(), Box<dyn Error>> {
    let (key, receipt) = receipts.get(id).ok_or("no receipt for the message")?;
    let profile = profiles.get_mut(key).ok_or("no profile for the receipt")?;
    let how = profile.forget(receipt)?;
    let names: Vec<&str> = receipt.interests().iter().map(|(i, _)| i.name()).collect();
    println!(
        "    FORGOTTEN {id} from {key} ({how:?}): {} removed",
        names.join(", ")
    );
    Ok(())
}
