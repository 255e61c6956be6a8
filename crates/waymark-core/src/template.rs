//! The maps a new map can start from.
//!
//! Every template but Blank carries the stages after the purchase (onboarding, support,
//! renewal or repeat purchase): leaving them out is the most common mistake in journey
//! mapping, and the part of the journey where customers are kept or lost.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::*;

/// A map to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    /// E-commerce: from an ad to a repeat purchase.
    AdToRepeatPurchase,
    /// SaaS: from a free trial to a paid plan and its renewal.
    TrialToPaid,
    /// Three empty stages and the usual lanes.
    Blank,
}

/// What the new-map dialog lists for a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TemplateInfo {
    pub template: Template,
    pub title: String,
    pub description: String,
}

/// The lanes every template starts with, top to bottom.
const USUAL_LANES: [LaneKind; 8] = [
    LaneKind::Actions,
    LaneKind::Touchpoints,
    LaneKind::Thoughts,
    LaneKind::Emotions,
    LaneKind::PainPoints,
    LaneKind::Opportunities,
    LaneKind::Owners,
    LaneKind::Metrics,
];

impl Template {
    /// Every template, in the order the dialog lists them.
    pub const ALL: [Template; 3] = [
        Template::AdToRepeatPurchase,
        Template::TrialToPaid,
        Template::Blank,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Template::AdToRepeatPurchase => "ad-to-repeat-purchase",
            Template::TrialToPaid => "trial-to-paid",
            Template::Blank => "blank",
        }
    }

    /// The template named `name` on the command line or by its title, ignoring case.
    pub fn parse(name: &str) -> Option<Template> {
        let wanted = name.trim().to_lowercase().replace([' ', '_'], "-");
        Template::ALL.into_iter().find(|t| {
            t.as_str() == wanted || t.info().title.to_lowercase().replace(' ', "-") == wanted
        })
    }

    /// Its title and a sentence about it.
    pub fn info(self) -> TemplateInfo {
        let (title, description) = match self {
            Template::AdToRepeatPurchase => (
                "Ad to repeat purchase",
                "E-commerce: a shopper sees an ad, buys, and comes back to buy again.",
            ),
            Template::TrialToPaid => (
                "Trial to paid",
                "SaaS: a team signs up for a trial, adopts the product, pays and renews.",
            ),
            Template::Blank => ("Blank", "Three empty stages and the usual lanes."),
        };
        TemplateInfo {
            template: self,
            title: title.into(),
            description: description.into(),
        }
    }

    /// A new map from this template, named `name`.
    pub fn build(self, name: &str) -> MapData {
        let stages: &[&str] = match self {
            Template::AdToRepeatPurchase => &[
                "Awareness",
                "Consideration",
                "Purchase",
                "Delivery",
                "Onboarding",
                "Support",
                "Repeat purchase",
            ],
            Template::TrialToPaid => &[
                "Awareness",
                "Sign-up",
                "Trial",
                "Activation",
                "Paid plan",
                "Onboarding",
                "Support",
                "Renewal",
            ],
            Template::Blank => &["Stage 1", "Stage 2", "Stage 3"],
        };
        MapData {
            id: None,
            name: name.to_string(),
            description: self.info().description,
            persona_id: None,
            shown_personas: Vec::new(),
            stages: stages.iter().map(|name| stage(name)).collect(),
            lanes: USUAL_LANES.into_iter().map(lane).collect(),
            analytics: MapAnalytics::default(),
        }
    }
}

/// A new stage called `name`.
pub(crate) fn stage(name: &str) -> StageData {
    StageData {
        id: None,
        name: name.to_string(),
        description: String::new(),
        binding: None,
    }
}

/// A new, empty lane of `kind` with its usual title.
pub(crate) fn lane(kind: LaneKind) -> LaneData {
    LaneData {
        id: None,
        kind,
        name: kind.default_title().to_string(),
        collapsed: false,
        cards: Vec::new(),
        points: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_other_than_blank_cover_the_time_after_purchase() {
        for template in [Template::AdToRepeatPurchase, Template::TrialToPaid] {
            let map = template.build("m");
            let names: Vec<_> = map.stages.iter().map(|s| s.name.as_str()).collect();
            assert!(names.contains(&"Onboarding"), "{names:?}");
            assert!(names.contains(&"Support"), "{names:?}");
            assert!(names
                .iter()
                .any(|n| *n == "Renewal" || *n == "Repeat purchase"));
        }
    }

    #[test]
    fn every_template_has_the_usual_lanes() {
        for template in Template::ALL {
            let kinds: Vec<_> = template.build("m").lanes.iter().map(|l| l.kind).collect();
            assert_eq!(kinds, USUAL_LANES);
        }
    }

    #[test]
    fn templates_are_found_by_command_line_name_and_title() {
        assert_eq!(
            Template::parse("trial-to-paid"),
            Some(Template::TrialToPaid)
        );
        assert_eq!(
            Template::parse("Ad to repeat purchase"),
            Some(Template::AdToRepeatPurchase)
        );
        assert_eq!(Template::parse("BLANK"), Some(Template::Blank));
        assert_eq!(Template::parse("kanban"), None);
    }
}
