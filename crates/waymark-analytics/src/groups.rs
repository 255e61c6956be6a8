//! Which group each customer's numbers count in: personas decided on first touch, or the
//! first-touch value of any property.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use waymark_core::{Condition, Id, Persona};

use crate::log::EventLog;

/// The group every customer is in.
pub const ALL_CUSTOMERS: &str = "All customers";
/// The group of customers that no persona takes.
pub const OTHER: &str = "Other";
/// The group of customers without a value of the breakdown's property.
pub const NO_VALUE: &str = "(none)";

/// How customers are split besides "All customers".
#[derive(Debug, Clone, PartialEq)]
pub enum Breakdown {
    /// Only "All customers".
    None,
    /// One group per persona that has a rule, in the given order, then "Other".
    Personas(Vec<Persona>),
    /// One group per first-touch value of the property, then "(none)" when some customer has
    /// no value.
    Property(String),
}

impl Breakdown {
    /// The properties whose values the breakdown reads.
    pub fn properties(&self) -> Vec<String> {
        match self {
            Breakdown::None => Vec::new(),
            Breakdown::Personas(personas) => personas
                .iter()
                .filter_map(|p| p.rule.as_ref().map(|r| r.property.clone()))
                .collect(),
            Breakdown::Property(property) => vec![property.clone()],
        }
    }
}

/// A group of customers as reports name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GroupName {
    pub group: String,
    /// The persona the group is, if it is one.
    #[ts(type = "number | null")]
    pub persona_id: Option<Id>,
    /// The persona's colour, if it is one.
    pub colour: Option<String>,
}

/// The groups of a breakdown and each customer's group besides "All customers" (group 0).
pub struct Grouping {
    pub names: Vec<GroupName>,
    /// Per customer: the index in `names` of their group, or 0 when there is no breakdown.
    pub of_customer: Vec<u16>,
}

impl Grouping {
    /// Splits the customers of `log` by `breakdown`.
    pub fn new(log: &EventLog, breakdown: &Breakdown) -> Grouping {
        let customers = log.customer_bound();
        let all = GroupName {
            group: ALL_CUSTOMERS.to_string(),
            persona_id: None,
            colour: None,
        };
        match breakdown {
            Breakdown::None => Grouping {
                names: vec![all],
                of_customer: vec![0; customers],
            },
            Breakdown::Personas(personas) => personas_grouping(log, personas, all),
            Breakdown::Property(property) => property_grouping(log, property, all),
        }
    }
}

fn personas_grouping(log: &EventLog, personas: &[Persona], all: GroupName) -> Grouping {
    let ruled: Vec<(&Persona, &Condition)> = personas
        .iter()
        .filter_map(|p| Some((p, p.rule.as_ref()?)))
        .collect();
    let mut names = vec![all];
    names.extend(ruled.iter().map(|(persona, _)| GroupName {
        group: persona.name.clone(),
        persona_id: persona.id,
        colour: Some(persona.colour.clone()),
    }));
    let other = names.len() as u16;
    names.push(GroupName {
        group: OTHER.to_string(),
        persona_id: None,
        colour: None,
    });

    // Each rule's property is read once; each rule is decided once per distinct value.
    let mut touches: HashMap<&str, FirstTouch> = HashMap::new();
    for (_, rule) in &ruled {
        touches
            .entry(rule.property.as_str())
            .or_insert_with(|| FirstTouch::new(log, &rule.property));
    }
    let decisions: Vec<(&FirstTouch, Vec<bool>)> = ruled
        .iter()
        .map(|(_, rule)| {
            let touch = &touches[rule.property.as_str()];
            let passes = touch.values.iter().map(|v| rule.matches(v)).collect();
            (touch, passes)
        })
        .collect();
    let of_customer = (0..log.customer_bound())
        .map(|customer| {
            decisions
                .iter()
                .position(|(touch, passes)| {
                    let code = touch.codes[customer];
                    code > 0 && passes[code as usize - 1]
                })
                .map_or(other, |index| index as u16 + 1)
        })
        .collect();
    Grouping { names, of_customer }
}

fn property_grouping(log: &EventLog, property: &str, all: GroupName) -> Grouping {
    let touch = FirstTouch::new(log, property);
    let mut counts = vec![0u64; touch.values.len() + 1];
    for (customer, &code) in touch.codes.iter().enumerate() {
        if !log.range(customer).is_empty() {
            counts[code as usize] += 1;
        }
    }
    // Largest groups first, "(none)" last.
    let mut order: Vec<usize> = (1..counts.len()).collect();
    order.sort_by(|&a, &b| {
        counts[b]
            .cmp(&counts[a])
            .then_with(|| touch.values[a - 1].cmp(&touch.values[b - 1]))
    });
    let mut group_of_code = vec![0u16; counts.len()];
    let mut names = vec![all];
    for code in order {
        group_of_code[code] = names.len() as u16;
        names.push(GroupName {
            group: touch.values[code - 1].clone(),
            persona_id: None,
            colour: None,
        });
    }
    // "(none)" only when some customer has no value; a customer without events stays in
    // "All customers" alone, which counts nothing for them.
    if counts[0] > 0 {
        group_of_code[0] = names.len() as u16;
        names.push(GroupName {
            group: NO_VALUE.to_string(),
            persona_id: None,
            colour: None,
        });
    }
    let of_customer = touch
        .codes
        .iter()
        .map(|&code| group_of_code[code as usize])
        .collect();
    Grouping { names, of_customer }
}

/// Each customer's first-touch value of one property.
struct FirstTouch {
    values: Vec<String>,
    /// Per customer: 0 for none, else `values[code - 1]`.
    codes: Vec<u32>,
}

impl FirstTouch {
    fn new(log: &EventLog, property: &str) -> FirstTouch {
        let events = log.property(property);
        let people = log.person_attribute(property);
        let mut values: Vec<String> = Vec::new();
        let mut seen: HashMap<String, u32> = HashMap::new();
        let codes = (0..log.customer_bound())
            .map(|customer| {
                let from_events = events.and_then(|property| {
                    let first = log
                        .range(customer)
                        .map(|i| property.codes[i])
                        .find(|&code| code > 0)?;
                    property.value(first)
                });
                let from_people = || {
                    let property = people?;
                    property.value(*property.codes.get(customer)?)
                };
                let Some(value) = from_events.or_else(from_people) else {
                    return 0;
                };
                if let Some(&code) = seen.get(value) {
                    return code;
                }
                values.push(value.to_string());
                seen.insert(value.to_string(), values.len() as u32);
                values.len() as u32
            })
            .collect();
        FirstTouch { values, codes }
    }
}
