//! Edits, undo and redo, on real document files.

use waymark_core::edit::{CardPlace, CardRow, LaneRow, PointValue};
use waymark_core::template::Template;
use waymark_core::*;

fn doc_with_map() -> (tempfile::TempDir, std::path::PathBuf, Document, Id) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edits.waymark");
    let mut doc = Document::create(&path).unwrap();
    let map = Template::AdToRepeatPurchase.build("Shop");
    let id = doc.add_map(map).unwrap();
    (dir, path, doc, id)
}

fn add_card(doc: &mut Document, map: &MapData, lane: usize, stage: usize, text: &str) -> Id {
    let card = CardRow {
        id: None,
        lane: map.lanes[lane].id.unwrap(),
        stage: map.stages[stage].id.unwrap(),
        position: u32::MAX,
        fields: CardFields {
            text: text.into(),
            ..Default::default()
        },
    };
    doc.apply(Edit::InsertCard { card })
        .unwrap()
        .created
        .unwrap()
}

#[test]
fn renaming_a_stage_undoes_and_redoes() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let stage = doc.map(id).unwrap().stages[0].id.unwrap();
    doc.apply(Edit::RenameStage {
        stage,
        name: "Discovery".into(),
    })
    .unwrap();
    assert_eq!(doc.map(id).unwrap().stages[0].name, "Discovery");
    assert_eq!(doc.history().unwrap().undo.as_deref(), Some("Rename stage"));

    assert_eq!(doc.undo().unwrap().as_deref(), Some("Rename stage"));
    assert_eq!(doc.map(id).unwrap().stages[0].name, "Awareness");
    assert_eq!(doc.history().unwrap().redo.as_deref(), Some("Rename stage"));

    assert_eq!(doc.redo().unwrap().as_deref(), Some("Rename stage"));
    assert_eq!(doc.map(id).unwrap().stages[0].name, "Discovery");
}

#[test]
fn undo_and_redo_survive_closing_and_reopening_the_document() {
    let (_dir, path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    let card = add_card(&mut doc, &map, 0, 1, "Reads reviews");
    doc.apply(Edit::UpdateCard {
        card,
        fields: CardFields {
            text: "Reads reviews twice".into(),
            ..Default::default()
        },
    })
    .unwrap();
    drop(doc);

    let mut doc = Document::open(&path).unwrap();
    assert_eq!(doc.undo().unwrap().as_deref(), Some("Edit card"));
    drop(doc);
    let mut doc = Document::open(&path).unwrap();
    assert_eq!(
        doc.map(id).unwrap().lanes[0].cards[0].fields.text,
        "Reads reviews"
    );
    assert_eq!(doc.redo().unwrap().as_deref(), Some("Edit card"));
    assert_eq!(
        doc.map(id).unwrap().lanes[0].cards[0].fields.text,
        "Reads reviews twice"
    );
}

#[test]
fn a_new_edit_after_undo_drops_what_could_be_redone() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    doc.apply(Edit::RenameMap {
        map: id,
        name: "One".into(),
    })
    .unwrap();
    doc.undo().unwrap();
    doc.apply(Edit::RenameMap {
        map: id,
        name: "Two".into(),
    })
    .unwrap();
    assert_eq!(doc.history().unwrap().redo, None);
    assert_eq!(doc.redo().unwrap(), None);
    assert_eq!(doc.maps().unwrap()[0].name, "Two");
}

#[test]
fn deleting_a_map_and_undoing_restores_it_exactly_with_its_ids() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    add_card(&mut doc, &map, 1, 2, "Checkout page");
    let lane = map.lanes[3].id.unwrap();
    let stage = map.stages[2].id.unwrap();
    let point = Some(PointValue {
        value: -1.5,
        label: "frustrated".into(),
    });
    doc.apply(Edit::SetEmotion {
        lane,
        stage,
        persona_id: None,
        point,
    })
    .unwrap();
    let before = doc.map(id).unwrap();

    doc.apply(Edit::DeleteMap { map: id }).unwrap();
    assert!(doc.maps().unwrap().is_empty());
    doc.undo().unwrap();
    assert_eq!(doc.map(id).unwrap(), before);
    doc.redo().unwrap();
    assert!(doc.maps().unwrap().is_empty());
}

#[test]
fn deleting_a_stage_takes_its_cards_and_undo_brings_them_back_in_place() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    add_card(&mut doc, &map, 0, 2, "Pays");
    add_card(&mut doc, &map, 0, 2, "Gets a receipt");
    add_card(&mut doc, &map, 2, 2, "\"Finally\"");
    add_card(&mut doc, &map, 0, 3, "Tracks parcel");
    let before = doc.map(id).unwrap();

    doc.apply(Edit::DeleteStage {
        stage: map.stages[2].id.unwrap(),
    })
    .unwrap();
    let after = doc.map(id).unwrap();
    assert_eq!(after.stages.len(), before.stages.len() - 1);
    assert_eq!(after.card_count(), 1);
    assert_eq!(
        after.lanes[0].cards[0].stage, 2,
        "later cards move one column left"
    );

    doc.undo().unwrap();
    assert_eq!(doc.map(id).unwrap(), before);
}

#[test]
fn cards_insert_at_a_position_and_keep_their_order_through_delete_and_undo() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    add_card(&mut doc, &map, 0, 0, "first");
    add_card(&mut doc, &map, 0, 0, "third");
    let card = CardRow {
        id: None,
        lane: map.lanes[0].id.unwrap(),
        stage: map.stages[0].id.unwrap(),
        position: 1,
        fields: CardFields {
            text: "second".into(),
            ..Default::default()
        },
    };
    let second = doc
        .apply(Edit::InsertCard { card })
        .unwrap()
        .created
        .unwrap();
    let texts = |doc: &Document| -> Vec<String> {
        doc.map(id).unwrap().lanes[0]
            .cards
            .iter()
            .map(|c| c.fields.text.clone())
            .collect()
    };
    assert_eq!(texts(&doc), ["first", "second", "third"]);
    doc.apply(Edit::DeleteCard { card: second }).unwrap();
    assert_eq!(texts(&doc), ["first", "third"]);
    doc.undo().unwrap();
    assert_eq!(texts(&doc), ["first", "second", "third"]);
}

#[test]
fn a_batch_is_undone_as_one_step() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    let a = add_card(&mut doc, &map, 0, 0, "a");
    let b = add_card(&mut doc, &map, 0, 1, "b");
    let edits = vec![Edit::DeleteCard { card: a }, Edit::DeleteCard { card: b }];
    doc.apply(Edit::Batch {
        label: "Delete 2 cards".into(),
        edits,
    })
    .unwrap();
    assert_eq!(doc.map(id).unwrap().card_count(), 0);
    assert_eq!(doc.undo().unwrap().as_deref(), Some("Delete 2 cards"));
    assert_eq!(doc.map(id).unwrap().card_count(), 2);
}

#[test]
fn a_refused_edit_stores_nothing_and_records_nothing() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    let stage = map.stages[0].id.unwrap();
    let err = doc
        .apply(Edit::RenameStage {
            stage,
            name: "   ".into(),
        })
        .unwrap_err();
    assert!(err.to_string().contains("needs a name"), "{err}");
    let lane = map.lanes[3].id.unwrap();
    let point = Some(PointValue {
        value: 7.0,
        label: String::new(),
    });
    let err = doc
        .apply(Edit::SetEmotion {
            lane,
            stage,
            persona_id: None,
            point,
        })
        .unwrap_err();
    assert!(err.to_string().contains("between -2 and 2"), "{err}");
    let err = doc.apply(Edit::DeleteCard { card: 999_999 }).unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err}");
    // A batch whose second edit fails leaves the first one undone too.
    let edits = vec![
        Edit::RenameMap {
            map: id,
            name: "Changed".into(),
        },
        Edit::DeleteCard { card: 999_999 },
    ];
    doc.apply(Edit::Batch {
        label: "x".into(),
        edits,
    })
    .unwrap_err();
    assert_eq!(doc.map(id).unwrap(), map);
    assert_eq!(doc.history().unwrap().undo.as_deref(), Some("Create map"));
}

#[test]
fn the_emotion_of_a_stage_can_be_set_changed_and_removed() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    let lane = map
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Emotions)
        .unwrap()
        .id
        .unwrap();
    let stage = map.stages[1].id.unwrap();
    let set = |value: f64| Edit::SetEmotion {
        lane,
        stage,
        persona_id: None,
        point: Some(PointValue {
            value,
            label: "unsure".into(),
        }),
    };
    doc.apply(set(-0.5)).unwrap();
    doc.apply(set(1.0)).unwrap();
    let points = |doc: &Document| doc.map(id).unwrap().lanes[3].points.clone();
    assert_eq!(points(&doc).len(), 1);
    assert_eq!(points(&doc)[0].value, 1.0);
    doc.apply(Edit::SetEmotion {
        lane,
        stage,
        persona_id: None,
        point: None,
    })
    .unwrap();
    assert!(points(&doc).is_empty());
    doc.undo().unwrap();
    doc.undo().unwrap();
    assert_eq!(points(&doc)[0].value, -0.5);
}

#[test]
fn duplicating_a_map_copies_everything_under_new_ids() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    add_card(&mut doc, &map, 0, 0, "Sees the ad");
    let original = doc.map(id).unwrap();
    doc.add_map(Template::Blank.build("Another")).unwrap();
    let copy_id = doc.duplicate_map(id, "Shop (copy)").unwrap();
    let names: Vec<_> = doc.maps().unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(
        names,
        ["Shop", "Shop (copy)", "Another"],
        "the copy follows its original"
    );
    let copied = doc.map(copy_id).unwrap();
    assert_eq!(copied.card_count(), 1);
    assert_ne!(copied.stages[0].id, original.stages[0].id);
    assert_eq!(
        copied.clone().without_ids().lanes,
        original.clone().without_ids().lanes
    );
}

#[test]
fn a_persona_can_be_added_renamed_and_the_addition_undone() {
    let (_dir, _path, mut doc, _id) = doc_with_map();
    let persona = Persona {
        id: None,
        name: "Gift buyer".into(),
        description: String::new(),
        colour: "#f00".into(),
        rule: None,
    };
    let pid = doc
        .apply(Edit::CreatePersona { persona })
        .unwrap()
        .created
        .unwrap();
    let renamed = Persona {
        id: Some(pid),
        name: "Gifter".into(),
        description: String::new(),
        colour: "#0f0".into(),
        rule: Some(Condition::parse("segment one of SelfServe, HighTouch").unwrap()),
    };
    doc.apply(Edit::UpdatePersona {
        persona: renamed.clone(),
    })
    .unwrap();
    assert_eq!(doc.personas().unwrap()[0], renamed);
    doc.undo().unwrap();
    assert_eq!(doc.personas().unwrap()[0].rule, None);
    doc.undo().unwrap();
    assert!(doc.personas().unwrap().is_empty());
    doc.redo().unwrap();
    assert_eq!(doc.personas().unwrap()[0].id, Some(pid));
}

#[test]
fn binding_a_stage_is_stored_undone_and_kept_with_a_deleted_stage() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let stage = doc.map(id).unwrap().stages[1].id.unwrap();
    let binding = StageBinding {
        events: vec!["product_view".into(), "catalog".into()],
        condition: Some(Condition::parse("platform = desktop").unwrap()),
    };
    doc.apply(Edit::BindStage {
        stage,
        binding: Some(binding.clone()),
    })
    .unwrap();
    assert_eq!(
        doc.map(id).unwrap().stages[1].binding,
        Some(binding.clone())
    );

    doc.apply(Edit::DeleteStage { stage }).unwrap();
    doc.undo().unwrap();
    assert_eq!(doc.map(id).unwrap().stages[1].binding, Some(binding));

    doc.undo().unwrap();
    assert_eq!(doc.map(id).unwrap().stages[1].binding, None);
}

#[test]
fn map_analytics_settings_are_stored_and_undone() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    assert_eq!(doc.map(id).unwrap().analytics, MapAnalytics::default());
    let analytics = MapAnalytics {
        window_seconds: None,
        mode: FunnelMode::Strict,
        same_day_as_one: true,
        purchase_events: vec!["purchase".into()],
        ..MapAnalytics::default()
    };
    doc.apply(Edit::SetMapAnalytics {
        map: id,
        analytics: analytics.clone(),
    })
    .unwrap();
    assert_eq!(doc.map(id).unwrap().analytics, analytics);
    doc.undo().unwrap();
    assert_eq!(doc.map(id).unwrap().analytics, MapAnalytics::default());

    let zero = MapAnalytics {
        window_seconds: Some(0),
        ..MapAnalytics::default()
    };
    let err = doc.apply(Edit::SetMapAnalytics {
        map: id,
        analytics: zero,
    });
    assert!(err.unwrap_err().to_string().contains("longer than zero"));
}

#[test]
fn conditions_read_the_three_forms_and_refuse_the_rest() {
    let equals = Condition::parse(" acquisition_channel = email ").unwrap();
    assert_eq!(equals.op, ConditionOp::Equals);
    assert_eq!(equals.property, "acquisition_channel");
    assert_eq!(equals.values, ["email"]);
    assert!(equals.matches("email") && !equals.matches("Email"));

    let one_of = Condition::parse("segment one of SelfServe, HighTouch").unwrap();
    assert_eq!(one_of.values, ["SelfServe", "HighTouch"]);
    assert!(one_of.matches("HighTouch") && !one_of.matches("Free"));

    let contains = Condition::parse("page contains /pricing").unwrap();
    assert!(contains.matches("/en/pricing?x=1") && !contains.matches("/about"));
    assert_eq!(contains.to_string(), "page contains /pricing");

    for bad in ["", "channel", "= email", "channel =", "segment one of A, "] {
        assert!(Condition::parse(bad).is_err(), "{bad:?} was read");
    }
}

/// The texts of a map's cards, cell by cell, as `(lane, stage, [texts])` for non-empty cells.
fn cells(doc: &Document, id: Id) -> Vec<(usize, u32, Vec<String>)> {
    let map = doc.map(id).unwrap();
    let mut cells: Vec<(usize, u32, Vec<String>)> = Vec::new();
    for (lane_index, lane) in map.lanes.iter().enumerate() {
        for card in &lane.cards {
            let text = card.fields.text.clone();
            match cells.last_mut() {
                Some((l, s, texts)) if *l == lane_index && *s == card.stage => texts.push(text),
                _ => cells.push((lane_index, card.stage, vec![text])),
            }
        }
    }
    cells
}

fn texts(list: &[&str]) -> Vec<String> {
    list.iter().map(|t| t.to_string()).collect()
}

fn place(map: &MapData, card: Id, lane: usize, stage: usize, position: u32) -> CardPlace {
    CardPlace {
        card,
        lane: map.lanes[lane].id.unwrap(),
        stage: map.stages[stage].id.unwrap(),
        position,
    }
}

#[test]
fn a_card_moves_to_another_cell_and_back_with_undo() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    let pays = add_card(&mut doc, &map, 0, 2, "Pays");
    add_card(&mut doc, &map, 0, 2, "Gets a receipt");
    add_card(&mut doc, &map, 1, 3, "Parcel e-mail");
    let before = doc.map(id).unwrap();

    let moves = vec![place(&map, pays, 1, 3, 1)];
    let outcome = doc.apply(Edit::MoveCards { moves }).unwrap();
    assert_eq!(outcome.label, "Move card");
    assert_eq!(
        cells(&doc, id),
        [
            (0, 2, texts(&["Gets a receipt"])),
            (1, 3, texts(&["Parcel e-mail", "Pays"])),
        ]
    );

    doc.undo().unwrap();
    assert_eq!(doc.map(id).unwrap(), before);
    doc.redo().unwrap();
    assert_eq!(
        cells(&doc, id)[1],
        (1, 3, texts(&["Parcel e-mail", "Pays"]))
    );
}

#[test]
fn a_card_moves_within_its_cell_up_and_down() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    let a = add_card(&mut doc, &map, 0, 0, "a");
    add_card(&mut doc, &map, 0, 0, "b");
    let c = add_card(&mut doc, &map, 0, 0, "c");

    doc.apply(Edit::MoveCards {
        moves: vec![place(&map, a, 0, 0, 2)],
    })
    .unwrap();
    assert_eq!(cells(&doc, id), [(0, 0, texts(&["b", "c", "a"]))]);
    doc.apply(Edit::MoveCards {
        moves: vec![place(&map, c, 0, 0, 0)],
    })
    .unwrap();
    assert_eq!(cells(&doc, id), [(0, 0, texts(&["c", "b", "a"]))]);
    doc.apply(Edit::MoveCards {
        moves: vec![place(&map, c, 0, 0, 99)],
    })
    .unwrap();
    assert_eq!(
        cells(&doc, id),
        [(0, 0, texts(&["b", "a", "c"]))],
        "a position past the end puts the card last"
    );

    doc.undo().unwrap();
    doc.undo().unwrap();
    doc.undo().unwrap();
    assert_eq!(cells(&doc, id), [(0, 0, texts(&["a", "b", "c"]))]);
}

#[test]
fn several_cards_move_together_and_one_undo_puts_each_back() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    let a = add_card(&mut doc, &map, 0, 0, "a");
    add_card(&mut doc, &map, 0, 0, "b");
    let c = add_card(&mut doc, &map, 0, 0, "c");
    let d = add_card(&mut doc, &map, 0, 0, "d");
    let x = add_card(&mut doc, &map, 2, 1, "x");
    let before = doc.map(id).unwrap();

    // c and d to the top of their own cell, with x from another lane after them, and a to
    // another cell: every position counts once all four have moved.
    let moves = vec![
        place(&map, c, 0, 0, 0),
        place(&map, d, 0, 0, 1),
        place(&map, x, 0, 0, 2),
        place(&map, a, 1, 1, 0),
    ];
    let outcome = doc.apply(Edit::MoveCards { moves }).unwrap();
    assert_eq!(outcome.label, "Move cards");
    assert_eq!(
        cells(&doc, id),
        [(0, 0, texts(&["c", "d", "x", "b"])), (1, 1, texts(&["a"]))]
    );

    assert_eq!(doc.undo().unwrap().as_deref(), Some("Move cards"));
    assert_eq!(doc.map(id).unwrap(), before);
    doc.redo().unwrap();
    assert_eq!(
        cells(&doc, id),
        [(0, 0, texts(&["c", "d", "x", "b"])), (1, 1, texts(&["a"]))]
    );
}

#[test]
fn a_card_move_is_refused_into_an_emotions_lane_or_another_map() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    let a = add_card(&mut doc, &map, 0, 0, "a");
    let emotions = map.lanes.iter().position(|l| l.kind == LaneKind::Emotions);
    let moves = vec![place(&map, a, emotions.unwrap(), 0, 0)];
    let err = doc.apply(Edit::MoveCards { moves }).unwrap_err();
    assert!(err.to_string().contains("holds no cards"), "{err}");

    let other = doc.add_map(Template::Blank.build("Other")).unwrap();
    let other = doc.map(other).unwrap();
    let moves = vec![place(&other, a, 0, 0, 0)];
    let err = doc.apply(Edit::MoveCards { moves }).unwrap_err();
    assert!(err.to_string().contains("its own map"), "{err}");
    assert_eq!(cells(&doc, id), [(0, 0, texts(&["a"]))]);
}

#[test]
fn a_stage_moves_with_its_cards_and_undo_puts_it_back() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    add_card(&mut doc, &map, 0, 0, "Sees the ad");
    add_card(&mut doc, &map, 0, 2, "Pays");
    let names = |doc: &Document| -> Vec<String> {
        doc.map(id)
            .unwrap()
            .stages
            .into_iter()
            .map(|s| s.name)
            .collect()
    };
    let before = doc.map(id).unwrap();
    let first = before.stages[0].clone();

    doc.apply(Edit::MoveStage {
        stage: first.id.unwrap(),
        position: 2,
    })
    .unwrap();
    let after = doc.map(id).unwrap();
    assert_eq!(after.stages[2], first);
    assert_eq!(&after.stages[..2], &before.stages[1..3]);
    assert_eq!(&after.stages[3..], &before.stages[3..]);
    assert_eq!(
        cells(&doc, id),
        [(0, 1, texts(&["Pays"])), (0, 2, texts(&["Sees the ad"]))],
        "cards travel with their stage"
    );

    let last = before.stages.len() as u32 - 1;
    doc.apply(Edit::MoveStage {
        stage: before.stages[last as usize].id.unwrap(),
        position: 0,
    })
    .unwrap();
    assert_eq!(names(&doc)[0], before.stages[last as usize].name);

    doc.undo().unwrap();
    doc.undo().unwrap();
    assert_eq!(doc.map(id).unwrap(), before);
    assert_eq!(doc.history().unwrap().redo.as_deref(), Some("Move stage"));
}

#[test]
fn a_lane_of_a_kind_is_added_at_a_position_and_removed_with_undo() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let before = doc.map(id).unwrap();
    let lane = LaneRow {
        id: None,
        kind: LaneKind::Channels,
        name: "Channels".into(),
        collapsed: false,
    };
    let outcome = doc
        .apply(Edit::InsertLane {
            map: id,
            position: 1,
            lane,
            cards: Vec::new(),
            points: Vec::new(),
        })
        .unwrap();
    let created = outcome.created.unwrap();
    let map = doc.map(id).unwrap();
    assert_eq!(map.lanes.len(), before.lanes.len() + 1);
    assert_eq!(map.lanes[1].id, Some(created));
    assert_eq!(map.lanes[1].kind, LaneKind::Channels);
    assert_eq!(map.lanes[2].id, before.lanes[1].id);

    doc.undo().unwrap();
    assert_eq!(doc.map(id).unwrap(), before);
    doc.redo().unwrap();
    assert_eq!(doc.map(id).unwrap().lanes[1].id, Some(created));
}

#[test]
fn deleting_a_lane_takes_its_cards_and_points_and_undo_restores_them() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let map = doc.map(id).unwrap();
    add_card(&mut doc, &map, 0, 0, "Sees the ad");
    add_card(&mut doc, &map, 0, 0, "Clicks");
    add_card(&mut doc, &map, 0, 3, "Tracks parcel");
    add_card(&mut doc, &map, 1, 0, "Instagram");
    let emotions = map
        .lanes
        .iter()
        .position(|l| l.kind == LaneKind::Emotions)
        .unwrap();
    doc.apply(Edit::SetEmotion {
        lane: map.lanes[emotions].id.unwrap(),
        stage: map.stages[1].id.unwrap(),
        persona_id: None,
        point: Some(PointValue {
            value: 1.5,
            label: "delighted".into(),
        }),
    })
    .unwrap();
    let before = doc.map(id).unwrap();

    doc.apply(Edit::DeleteLane {
        lane: map.lanes[0].id.unwrap(),
    })
    .unwrap();
    doc.apply(Edit::DeleteLane {
        lane: map.lanes[emotions].id.unwrap(),
    })
    .unwrap();
    let after = doc.map(id).unwrap();
    assert_eq!(after.lanes.len(), before.lanes.len() - 2);
    assert_eq!(after.card_count(), 1);
    assert!(after.lanes.iter().all(|l| l.kind != LaneKind::Emotions));

    assert_eq!(doc.undo().unwrap().as_deref(), Some("Delete lane"));
    doc.undo().unwrap();
    assert_eq!(doc.map(id).unwrap(), before);
}

#[test]
fn a_lane_moves_and_collapses_and_both_undo() {
    let (_dir, _path, mut doc, id) = doc_with_map();
    let before = doc.map(id).unwrap();
    let kinds = |doc: &Document| -> Vec<LaneKind> {
        doc.map(id).unwrap().lanes.iter().map(|l| l.kind).collect()
    };
    let thoughts = before.lanes[2].id.unwrap();

    doc.apply(Edit::MoveLane {
        lane: thoughts,
        position: 0,
    })
    .unwrap();
    assert_eq!(
        kinds(&doc)[..3],
        [LaneKind::Thoughts, LaneKind::Actions, LaneKind::Touchpoints]
    );
    doc.apply(Edit::MoveLane {
        lane: thoughts,
        position: u32::MAX,
    })
    .unwrap();
    assert_eq!(kinds(&doc).last(), Some(&LaneKind::Thoughts));

    let outcome = doc
        .apply(Edit::SetLaneCollapsed {
            lane: thoughts,
            collapsed: true,
        })
        .unwrap();
    assert_eq!(outcome.label, "Collapse lane");
    assert!(doc.map(id).unwrap().lanes.last().unwrap().collapsed);

    assert_eq!(doc.undo().unwrap().as_deref(), Some("Collapse lane"));
    assert_eq!(doc.undo().unwrap().as_deref(), Some("Move lane"));
    doc.undo().unwrap();
    assert_eq!(doc.map(id).unwrap(), before);
}
