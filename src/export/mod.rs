//! Output for the ad stack (feature `openrtb`): a message's categories as OpenRTB 2.6 content
//! `cat`/`cattax`, a profile as `user.data` segments in IAB Content Taxonomy 3.1 (`segtax: 9`) and
//! IAB Audience Taxonomy 1.1 (`segtax: 4`, through this crate's mapping), and a Topics-style release
//! to third parties. Every path writes only [`InterestId`](crate::InterestId)s and
//! [`AudienceId`](crate::AudienceId)s, which cannot be built for a sensitive node.

pub(crate) mod audience;
pub(crate) mod mapping;
pub(crate) mod openrtb;
pub(crate) mod segments;
pub(crate) mod topics;

#[cfg(test)]
mod integrity;
#[cfg(test)]
mod properties;
