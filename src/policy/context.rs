//! What the host knows about a message besides its text, built with [`MessageContextBuilder`].

use crate::message_id::MessageId;
use crate::modality::Modality;
use crate::region::Region;
use crate::surface::Surface;
use crate::taxonomy::Topic;
use crate::time::Timestamp;

/// What the host knows about a message besides its text. Every fact is optional; missing facts fail
/// closed where the policy needs them (no time or no region: denied). Build one with
/// [`MessageContext::builder`].
///
/// ```
/// use chat_interests::MessageContext;
/// let ctx = MessageContext::builder()
///     .at("2026-01-10T12:00:00Z".parse()?)
///     .region("US".parse()?)
///     .age(34)
///     .surface("instagram".parse()?)
///     .linked(true)
///     .message_id("m-1")
///     .build();
/// assert!(ctx.is_linked());
/// assert_eq!(ctx.region().map(|r| r.to_string()).as_deref(), Some("US"));
/// assert_eq!(ctx.message_id(), Some("m-1"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MessageContext {
    pub(crate) at: Option<Timestamp>,
    pub(crate) region: Option<Region>,
    pub(crate) age: Option<u16>,
    pub(crate) surface: Option<Surface>,
    pub(crate) modality: Option<Modality>,
    pub(crate) linked: bool,
    pub(crate) hidden_topics: Vec<Topic>,
    pub(crate) message_id: Option<MessageId>,
    pub(crate) age_unreadable: bool,
    pub(crate) surface_unreadable: bool,
    pub(crate) modality_unreadable: bool,
}

impl MessageContext {
    /// A builder with no facts set.
    pub fn builder() -> MessageContextBuilder {
        MessageContextBuilder::default()
    }

    /// A builder holding this context's facts, to change some of them.
    pub fn to_builder(&self) -> MessageContextBuilder {
        MessageContextBuilder { ctx: self.clone() }
    }

    /// When the message was sent.
    pub fn at(&self) -> Option<Timestamp> {
        self.at
    }

    /// Where the person is.
    pub fn region(&self) -> Option<Region> {
        self.region
    }

    /// The person's age in years, when known and readable.
    pub fn age(&self) -> Option<u16> {
        self.age
    }

    /// The app the chat happened on, when known and readable.
    pub fn surface(&self) -> Option<&Surface> {
        self.surface.as_ref()
    }

    /// Text or voice, when known and readable.
    pub fn modality(&self) -> Option<Modality> {
        self.modality
    }
    /// Whether the account is linked to the person's other accounts.
    pub fn is_linked(&self) -> bool {
        self.linked
    }

    /// Topics the person has hidden in their ad preferences.
    pub fn hidden_topics(&self) -> &[Topic] {
        &self.hidden_topics
    }

    /// The host's message id, if given.
    pub fn message_id(&self) -> Option<&str> {
        self.message_id.as_ref().map(MessageId::as_str)
    }

    /// Whether the host had an age but could not read it.
    pub fn is_age_unreadable(&self) -> bool {
        self.age_unreadable
    }

    /// Whether the host had a surface name but could not read it.
    pub fn is_surface_unreadable(&self) -> bool {
        self.surface_unreadable
    }
    /// Whether the host had a modality but could not read it.
    pub fn is_modality_unreadable(&self) -> bool {
        self.modality_unreadable
    }
}

/// Builds a [`MessageContext`]; see [`MessageContext::builder`].
#[derive(Debug, Clone, Default)]
pub struct MessageContextBuilder {
    ctx: MessageContext,
}

impl MessageContextBuilder {
    /// When the message was sent.
    pub fn at(mut self, at: Timestamp) -> Self {
        self.ctx.at = Some(at);
        self
    }

    /// Where the person is.
    pub fn region(mut self, region: Region) -> Self {
        self.ctx.region = Some(region);
        self
    }

    /// The person's age in years.
    pub fn age(mut self, age: u16) -> Self {
        self.ctx.age = Some(age);
        self
    }

    /// The app the chat happened on.
    pub fn surface(mut self, surface: Surface) -> Self {
        self.ctx.surface = Some(surface);
        self
    }

    /// Text or voice.
    pub fn modality(mut self, modality: Modality) -> Self {
        self.ctx.modality = Some(modality);
        self
    }
    /// Whether the account is linked to the person's other accounts (Accounts Center).
    pub fn linked(mut self, linked: bool) -> Self {
        self.ctx.linked = linked;
        self
    }

    /// A topic the person has hidden in their ad preferences (with its subtree).
    pub fn hide_topic(mut self, topic: Topic) -> Self {
        self.ctx.hidden_topics.push(topic);
        self
    }

    /// The host's id for the message, cited by profile explanations (never the text); cut to
    /// [`MessageId::MAX_LEN`] bytes. An id that is blank or holds control or invisible characters is
    /// no id: the message is then used without one (nothing else depends on it).
    pub fn message_id(mut self, id: &str) -> Self {
        self.ctx.message_id = MessageId::new(id).ok();
        self
    }

    /// Records that the host had an age for the person but could not read it (e.g. `-3` or `"teen"`).
    /// Fails closed: the message is denied with [`DenyReason::AgeUnknown`](crate::DenyReason::AgeUnknown)
    /// under any policy with a minimum age.
    pub fn age_unreadable(mut self) -> Self {
        self.ctx.age = None;
        self.ctx.age_unreadable = true;
        self
    }

    /// Records that the host had a surface name but could not read it. Fails closed: denied with
    /// [`DenyReason::SurfaceUnknown`](crate::DenyReason::SurfaceUnknown), since it might be a surface
    /// that counts only when linked.
    pub fn surface_unreadable(mut self) -> Self {
        self.ctx.surface = None;
        self.ctx.surface_unreadable = true;
        self
    }

    /// Records that the host had a modality but could not read it. Fails closed: denied with
    /// [`DenyReason::ModalityUnknown`](crate::DenyReason::ModalityUnknown).
    pub fn modality_unreadable(mut self) -> Self {
        self.ctx.modality = None;
        self.ctx.modality_unreadable = true;
        self
    }
    /// The context.
    pub fn build(self) -> MessageContext {
        self.ctx
    }
}
