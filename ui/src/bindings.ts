// Generated from the Rust declarations by src-tauri/src/bindings.rs; do not edit.
// Regenerate with: WAYMARK_UPDATE_BINDINGS=1 cargo test -p waymark-app bindings

import { invoke } from "@tauri-apps/api/core";

export type LaneKind = "actions" | "touchpoints" | "channels" | "thoughts" | "emotions" | "pain_points" | "opportunities" | "owners" | "metrics" | "evidence" | "text";

export type MapSummary = { id: number, name: string, 
/**
 * The persona the whole map belongs to, if any.
 */
persona_id: number | null, stages: number, cards: number, 
/**
 * When the map last changed, RFC 3339 in UTC.
 */
updated_at: string, };

export type MapData = { id: number | null, name: string, description: string, 
/**
 * The persona the whole map belongs to, if any.
 */
persona_id: number | null, 
/**
 * Personas whose emotion curves the map shows.
 */
shown_personas: Array<number>, stages: Array<StageData>, lanes: Array<LaneData>, 
/**
 * How the map's numbers are computed from imported data.
 */
analytics: MapAnalytics, };

export type StageData = { id: number | null, name: string, description: string, 
/**
 * The events that mark a customer reaching this stage, if it is bound to data.
 */
binding: StageBinding | null, };

export type LaneData = { id: number | null, kind: LaneKind, name: string, collapsed: boolean, 
/**
 * Cards in stage order, and within a stage in their order top to bottom.
 */
cards: Array<CardData>, 
/**
 * The emotion curve's points; only an emotions lane has them.
 */
points: Array<EmotionPoint>, };

export type CardFields = { text: string, 
/**
 * The channel of a touchpoint: web, app, email, ad, social, store, phone, chat.
 */
channel: string | null, 
/**
 * The team that owns the moment: marketing, product, support, sales, ...
 */
owner: string | null, 
/**
 * A CSS colour such as `#fde68a`; `None` uses the lane's colour.
 */
colour: string | null, tags: Array<string>, };

export type CardData = { id: number | null, 
/**
 * Index of the card's stage in [`MapData::stages`].
 */
stage: number, text: string, 
/**
 * The channel of a touchpoint: web, app, email, ad, social, store, phone, chat.
 */
channel: string | null, 
/**
 * The team that owns the moment: marketing, product, support, sales, ...
 */
owner: string | null, 
/**
 * A CSS colour such as `#fde68a`; `None` uses the lane's colour.
 */
colour: string | null, tags: Array<string>, };

export type EmotionPoint = { 
/**
 * Index of the point's stage in [`MapData::stages`].
 */
stage: number, 
/**
 * The persona whose curve this is; `None` for the map's own curve.
 */
persona_id: number | null, 
/**
 * From -2 (very negative) to 2 (very positive).
 */
value: number, 
/**
 * A word for the feeling: frustrated, confused, neutral, confident, delighted.
 */
label: string, };

export type Persona = { id: number | null, name: string, description: string, 
/**
 * A CSS colour used for the persona's curve and badges.
 */
colour: string, 
/**
 * Which customers are this persona, judged on their first event (or people row) that
 * carries the rule's property; `None` for a persona drawn by hand, with no numbers.
 */
rule: Condition | null, };

export type Condition = { property: string, op: ConditionOp, 
/**
 * One value for `equals` and `contains`, any number for `one_of`.
 */
values: Array<string>, };

export type ConditionOp = "equals" | "one_of" | "contains";

export type StageBinding = { events: Array<string>, condition: Condition | null, };

export type FunnelMode = "ordered" | "strict" | "any";

export type MapAnalytics = { 
/**
 * Seconds from the first stage within which later stages count; `None` for no limit.
 */
window_seconds: number | null, mode: FunnelMode, 
/**
 * Only customers who enter the funnel on or after this day (`YYYY-MM-DD`, in the
 * document's time zone) count.
 */
entry_from: string | null, 
/**
 * Only customers who enter the funnel on or before this day count.
 */
entry_to: string | null, 
/**
 * The events that are purchases; empty means the events of the orders imports.
 */
purchase_events: Array<string>, 
/**
 * Purchases on the same calendar day count as one.
 */
same_day_as_one: boolean, 
/**
 * A property whose first-touch values split the numbers into groups, in place of the
 * personas; `None` splits by persona.
 */
split_by: string | null, };

export type Edit = { "type": "create_map", map: MapData, position: number | null, } | { "type": "delete_map", map: number, } | { "type": "rename_map", map: number, name: string, } | { "type": "insert_stage", map: number, position: number, stage: StageData, cards: Array<CardRow>, points: Array<PointRow>, } | { "type": "delete_stage", stage: number, } | { "type": "rename_stage", stage: number, name: string, } | { "type": "move_stage", stage: number, position: number, } | { "type": "rename_lane", lane: number, name: string, } | { "type": "insert_lane", map: number, position: number, lane: LaneRow, cards: Array<CardRow>, points: Array<LanePoint>, } | { "type": "delete_lane", lane: number, } | { "type": "move_lane", lane: number, position: number, } | { "type": "set_lane_collapsed", lane: number, collapsed: boolean, } | { "type": "insert_card", card: CardRow, } | { "type": "delete_card", card: number, } | { "type": "move_cards", moves: Array<CardPlace>, } | { "type": "update_card", card: number, fields: CardFields, } | { "type": "set_emotion", lane: number, stage: number, persona_id: number | null, point: PointValue | null, } | { "type": "create_persona", persona: Persona, } | { "type": "update_persona", persona: Persona, } | { "type": "bind_stage", stage: number, binding: StageBinding | null, } | { "type": "set_map_analytics", map: number, analytics: MapAnalytics, } | { "type": "delete_persona", persona: number, } | { "type": "batch", label: string, edits: Array<Edit>, };

export type CardRow = { id: number | null, lane: number, stage: number, 
/**
 * Place in its cell, from the top, starting at 0.
 */
position: number, text: string, 
/**
 * The channel of a touchpoint: web, app, email, ad, social, store, phone, chat.
 */
channel: string | null, 
/**
 * The team that owns the moment: marketing, product, support, sales, ...
 */
owner: string | null, 
/**
 * A CSS colour such as `#fde68a`; `None` uses the lane's colour.
 */
colour: string | null, tags: Array<string>, };

export type PointRow = { lane: number, persona_id: number | null, value: number, label: string, };

export type PointValue = { value: number, label: string, };

export type LaneRow = { id: number | null, kind: LaneKind, name: string, collapsed: boolean, };

export type LanePoint = { stage: number, persona_id: number | null, value: number, label: string, };

export type CardPlace = { card: number, lane: number, stage: number, 
/**
 * Place in the cell once every moved card has arrived; past the end means last.
 */
position: number, };

export type EditOutcome = { 
/**
 * The edit's name as the Undo menu shows it.
 */
label: string, 
/**
 * The id of the map, stage, card or persona the edit created, if it created one.
 */
created: number | null, };

export type HistoryState = { undo: string | null, redo: string | null, };

export type Template = "ad_to_repeat_purchase" | "trial_to_paid" | "blank";

export type TemplateInfo = { template: Template, title: string, description: string, };

export type Scene = { width: number, height: number, 
/**
 * The width of the lane headers on the left; stage columns start here.
 */
lane_header_width: number, 
/**
 * The height of the stage headers on top; lanes start here.
 */
stage_header_height: number, stages: Array<StageBox>, lanes: Array<LaneBox>, cells: Array<CellBox>, cards: Array<CardBox>, curves: Array<Curve>, 
/**
 * The numbers of the metrics lanes, one box per stage.
 */
figures: Array<FigureBox>, };

export type StageBox = { id: number, index: number, rect: Rect, fill: string, lines: Array<TextLine>, };

export type LaneBox = { id: number, kind: LaneKind, collapsed: boolean, 
/**
 * The header on the left.
 */
header: Rect, 
/**
 * The band to the right of the header.
 */
band: Rect, fill: string, lines: Array<TextLine>, 
/**
 * Horizontal guide lines across the band, as y coordinates: an emotions lane's neutral
 * line.
 */
guides: Array<number>, 
/**
 * Labels of the band's scale: an emotions lane's "positive", "neutral", "negative".
 */
scale: Array<TextLine>, 
/**
 * Where an emotions band puts the top and the bottom of its scale, as the y of a point
 * at the highest value and at the lowest; `None` for other lanes.
 */
value_span: [number, number] | null, };

export type CellBox = { lane: number, stage: number, rect: Rect, 
/**
 * How many cards the cell holds.
 */
cards: number, };

export type CardBox = { id: number, lane: number, stage: number, 
/**
 * Place in its cell, from the top.
 */
position: number, rect: Rect, fill: string, stroke: string, lines: Array<TextLine>, };

export type Curve = { lane: number, persona_id: number | null, 
/**
 * The curve's name in a legend: "Map" or the persona's name.
 */
name: string, colour: string, 
/**
 * The smooth line through the points, as SVG path data.
 */
path: string, points: Array<CurvePoint>, };

export type CurvePoint = { stage: number, x: number, y: number, value: number, colour: string, 
/**
 * The word for the feeling, placed under the point; empty for persona curves.
 */
label: TextLine | null, };

export type Rect = { x: number, y: number, width: number, height: number, };

export type TextLine = { text: string, x: number, y: number, size: number, bold: boolean, colour: string, 
/**
 * `start`, `middle` or `end`: where `x` is on the line.
 */
anchor: string, 
/**
 * A colour drawn around the glyphs, under them, so the text stays readable over lines.
 */
halo: string | null, };

export type MetricsBand = { 
/**
 * Lines under the lane's title: the group, the data's dates, the last import.
 */
caption: Array<string>, 
/**
 * Per stage of the map; `None` for a stage not bound to data.
 */
stages: Array<StageFigure | null>, };

export type StageFigure = { customers: number, 
/**
 * `None` for the first bound stage.
 */
conversion_from_previous: number | null, 
/**
 * Share of the stage's customers who do not reach the next bound stage; `None` at the
 * last.
 */
drop_off_share: number | null, median_seconds_to_next: number | null, 
/**
 * Whether this is the map's drop-off point.
 */
drop_off_point: boolean, };

export type FigureBox = { lane: number, stage: number, rect: Rect, lines: Array<TextLine>, 
/**
 * The drop-off bar's track and the part of it that dropped off; `None` without a bar.
 */
bar: Rect | null, bar_fill: Rect | null, bar_colour: string, 
/**
 * Whether this is the map's drop-off point, drawn with a marker.
 */
drop_off_point: boolean, };

export type MapMetrics = { map_id: number, 
/**
 * When they were computed, RFC 3339 UTC.
 */
computed_at: string, 
/**
 * For each stage of the map, its step in the funnel; `None` for a stage not bound.
 */
stage_steps: Array<number | null>, 
/**
 * `None` when no stage is bound.
 */
funnel: FunnelReport | null, 
/**
 * `None` when there is no purchase event; `intervals_note` says why.
 */
intervals: IntervalReport | null, intervals_note: string | null, data: DataSpan, 
/**
 * A moment to reach first-time buyers that the intervals support.
 */
opportunity: Opportunity | null, 
/**
 * The property whose values the groups are, when they are not the personas.
 */
split_by: string | null, };

export type DataSpan = { events: number, 
/**
 * The earliest and latest event, RFC 3339 UTC.
 */
first_at: string | null, last_at: string | null, 
/**
 * When the newest import was made, RFC 3339 UTC.
 */
last_import_at: string | null, };

export type Opportunity = { day: number, share_later: number, text: string, };

export type FunnelReport = { window_seconds: number | null, mode: FunnelMode, groups: Array<FunnelGroup>, };

export type FunnelGroup = { steps: Array<FunnelStep>, 
/**
 * The index of the step with the largest drop-off share, not counting the last step;
 * `None` when no customer entered or the funnel has one step.
 */
drop_off_point: number | null, group: string, 
/**
 * The persona the group is, if it is one.
 */
persona_id: number | null, 
/**
 * The persona's colour, if it is one.
 */
colour: string | null, };

export type FunnelStep = { name: string, 
/**
 * Customers who reached the step.
 */
customers: number, 
/**
 * `customers` over the previous step's; 1 for the first step; `None` when the previous
 * step has no customers.
 */
conversion_from_previous: number | null, conversion_from_first: number | null, 
/**
 * Customers who reached this step and not the next; 0 at the last step.
 */
drop_off: number, 
/**
 * `drop_off` over `customers`.
 */
drop_off_share: number | null, median_seconds_from_previous: number | null, mean_seconds_from_previous: number | null, p90_seconds_from_previous: number | null, 
/**
 * Time from the previous step, in seconds; empty for the first step.
 */
histogram: Array<Bin>, };

export type GroupName = { group: string, 
/**
 * The persona the group is, if it is one.
 */
persona_id: number | null, 
/**
 * The persona's colour, if it is one.
 */
colour: string | null, };

export type Bin = { label: string, from: number, to: number | null, count: number, };

export type IntervalReport = { 
/**
 * The purchase events used.
 */
events: Array<string>, same_day_as_one: boolean, 
/**
 * The last purchase of anyone, RFC 3339 UTC: the end of the data for "within N days".
 */
data_end: string | null, groups: Array<IntervalGroup>, };

export type IntervalGroup = { buyers: number, repeat_buyers: number, 
/**
 * `repeat_buyers` over `buyers`.
 */
repeat_share: number | null, gaps: Array<Gap>, 
/**
 * Per horizon in days: the share of eligible first-time buyers who bought again within it.
 */
repeat_within_days: { [key in string]: number | null }, 
/**
 * Per horizon: how many buyers were eligible (first purchase at least that long before
 * the end of the data).
 */
eligible_buyers: Record<string, number>, group: string, 
/**
 * The persona the group is, if it is one.
 */
persona_id: number | null, 
/**
 * The persona's colour, if it is one.
 */
colour: string | null, };

export type Gap = { from: number, to: number, count: number, mean_days: number | null, median_days: number | null, p25_days: number | null, p75_days: number | null, p90_days: number | null, histogram: Array<Bin>, };

export type MetricsProgress = { map: number, events_read: number, events: number, };

export type MetricsFinished = { map: number, error: string | null, cancelled: boolean, };

export type NameCount = { name: string, count: number, };

export type PropertyValues = { property: string, 
/**
 * Up to 50 values, most frequent first.
 */
values: Array<NameCount>, };

export type NoArgs = Record<symbol, never>;

export type MapRef = { map: number, 
/**
 * Whose numbers the metrics lane shows: "All customers" (the default), a persona's
 * name or "Other".
 */
group?: string, };

export type EditArgs = { edit: Edit, };

export type CreateMapArgs = { template: Template, name: string, };

export type DuplicateMapArgs = { map: number, name: string, };

export type PathArgs = { path: string, };

export type DocumentInfo = { path: string, 
/**
 * The file name without its folder.
 */
name: string, };

export type AppSnapshot = { document: DocumentInfo | null, maps: Array<MapSummary>, 
/**
 * The map to show; `null` when the document has none.
 */
selected_map: number | null, history: HistoryState, 
/**
 * Recent documents, most recent first.
 */
recent: Array<string>, templates: Array<TemplateInfo>, 
/**
 * A problem met while starting, to show once.
 */
notice: string | null, };

export type MapView = { map: MapData, scene: Scene, personas: Array<Persona>, 
/**
 * The map's numbers as last computed, when it has any: a stage bound to data, or
 * purchases to find repeat buyers in.
 */
metrics: MapMetrics | null, 
/**
 * Whether `metrics` are current, or the map has no numbers; when not, `compute_metrics`
 * brings them up to date.
 */
metrics_current: boolean, };

export type DataKind = "events" | "orders" | "people" | "tickets" | "survey";

export type Role = "user" | "event" | "time" | "amount" | "id" | "text" | "score" | "category" | "channel" | "status";

export type ColumnRole = { role: Role, 
/**
 * The column, counted from 0.
 */
column: number, };

export type ImportSettings = { kind: DataKind, 
/**
 * The columns that have a role; every other column is kept as a property.
 */
columns: Array<ColumnRole>, 
/**
 * The event name of purchases in an orders file.
 */
event_name: string, 
/**
 * The IANA zone timestamps without an offset are read in.
 */
time_zone: string, 
/**
 * For slash dates that read both ways (03/04/2024): `true` for day first, `false` for
 * month first; `None` to settle it from the column.
 */
day_first: boolean | null, 
/**
 * The encoding's name; `None` to detect it.
 */
encoding: string | null, 
/**
 * The delimiter (`,` `;` tab `|`, or a space for whitespace-aligned columns); `None` to
 * sniff it.
 */
delimiter: string | null, 
/**
 * Whether the first row names the columns; `None` to sniff it.
 */
has_header: boolean | null, };

export type Preview = { file_name: string, file_size: number, 
/**
 * How the file is read: encoding name, delimiter and header as detected or chosen.
 */
encoding: string, delimiter: string, has_header: boolean, 
/**
 * The column names: the header's, or "Column 1", "Column 2", ... without one.
 */
columns: Array<string>, 
/**
 * The first rows.
 */
rows: Array<PreviewRow>, 
/**
 * The settings the import would use: remembered for files of this shape, or guessed.
 */
settings: ImportSettings, 
/**
 * Whether `settings` were remembered from an earlier import of a file of this shape.
 */
remembered: boolean, 
/**
 * The time column's format as a person reads it ("2024-03-01 14:05:00"), if there is one.
 */
time_format: string | null, 
/**
 * Slash dates read both ways and the settings do not say which.
 */
ambiguous_dates: boolean, 
/**
 * What must change before the file can be imported; empty when it can be.
 */
problems: Array<string>, 
/**
 * The roles the chosen kind takes, and those it cannot do without.
 */
roles: Array<Role>, required_roles: Array<Role>, };

export type PreviewRow = { line: number, cells: Array<string>, };

export type Progress = { rows_taken: number, rows_refused: number, 
/**
 * Bytes of the file read, as stored on disk.
 */
bytes_read: number, bytes_total: number, seconds: number, };

export type RefusedRows = { 
/**
 * Why, as a short phrase ("the time cannot be read").
 */
reason: string, 
/**
 * How many rows.
 */
count: number, 
/**
 * The lines of the first few of them, in file order.
 */
lines: Array<number>, 
/**
 * The full message of the first one, with file, line and column.
 */
example: string, };

export type ImportInfo = { id: number, 
/**
 * The file's name, without its folder.
 */
file_name: string, kind: DataKind, 
/**
 * When it was imported, RFC 3339 UTC.
 */
imported_at: string, rows_taken: number, rows_refused: number, refused: Array<RefusedRows>, 
/**
 * The earliest and latest time of its rows, RFC 3339 UTC, when its rows have times.
 */
first_at: string | null, last_at: string | null, };

export type ImportReport = { 
/**
 * The import as the document lists it; for a file imported before, that earlier import.
 */
import: ImportInfo, 
/**
 * The same file had been imported as the same kind before, so nothing was added.
 */
already_imported: boolean, 
/**
 * How the time column was read, if there is one.
 */
time_format: string | null, };

export type ImportFinished = { 
/**
 * What was imported, when it was.
 */
report: ImportReport | null, 
/**
 * Why nothing was imported, when nothing was.
 */
error: string | null, cancelled: boolean, 
/**
 * For a refused file, the rows refused by reason.
 */
refused: Array<RefusedRows>, };

export type ExportFormat = "png" | "svg" | "pdf" | "json" | "csv";

export type ExportOptions = { map: number, format: ExportFormat, 
/**
 * The lanes to show, by id; every lane when null.
 */
lanes: Array<number> | null, 
/**
 * Personas whose curves are drawn, by name; the first one's numbers fill the metrics
 * lane (and are the CSV's rows). Empty for the map's own choice and "All customers".
 */
personas: Array<string>, 
/**
 * PNG pixels per map pixel, from 1 to 4; ignored when `width` is set.
 */
scale: number, 
/**
 * The PNG's width in pixels, instead of a scale.
 */
width: number | null, 
/**
 * A PNG or SVG without the white background.
 */
transparent: boolean, 
/**
 * PDF pages as the command line writes them: `fit`, `a4-landscape`, `tiles:a3-portrait`.
 */
page: string, };

export type StartExportArgs = { options: ExportOptions, path: string, };

export type ExportPreview = { 
/**
 * The map as the export draws it.
 */
svg: string, 
/**
 * The file's size: pixels for a PNG, points for a PDF's first page, else the SVG's.
 */
width: number, height: number, 
/**
 * A PDF's pages; 1 otherwise.
 */
pages: number, 
/**
 * Why this export would fail, such as a PNG too large to make.
 */
problem: string | null, };

export type ExportProgress = { step: number, steps: number, 
/**
 * What is being done now, for the dialog to say.
 */
doing: string, };

export type ExportFinished = { path: string, 
/**
 * Why nothing was written, when nothing was.
 */
error: string | null, pages: number, 
/**
 * Characters no font could draw; they show as empty boxes in the file.
 */
missing_characters: Array<string>, };

export type PreviewImportArgs = { path: string, settings: ImportSettings | null, };

export type StartImportArgs = { path: string, settings: ImportSettings, };

export type ImportRef = { id: number, };

/**  Everything the window shows besides the map: document, maps, history, recent files. */
export function getState(args: NoArgs): Promise<AppSnapshot> {
  return invoke("get_state", { args });
}

/**  A map laid out for the canvas; it becomes the map shown. */
export function loadMap(args: MapRef): Promise<MapView> {
  return invoke("load_map", { args });
}

/**  Applies one edit to the open document and records it for undo. */
export function applyEdit(args: EditArgs): Promise<EditOutcome> {
  return invoke("apply_edit", { args });
}

/**  Undoes the newest edit; returns its label, or null when there was nothing to undo. */
export function undo(args: NoArgs): Promise<string | null> {
  return invoke("undo", { args });
}

/**  Redoes the edit undone last; returns its label, or null when there was nothing to redo. */
export function redo(args: NoArgs): Promise<string | null> {
  return invoke("redo", { args });
}

/**  Adds a map made from a template; returns its id. */
export function createMap(args: CreateMapArgs): Promise<number> {
  return invoke("create_map", { args });
}

/**  Adds a copy of a map under a new name; returns the copy's id. */
export function duplicateMap(args: DuplicateMapArgs): Promise<number> {
  return invoke("duplicate_map", { args });
}

/**  Opens the document at a path the user picked. */
export function openDocument(args: PathArgs): Promise<AppSnapshot> {
  return invoke("open_document", { args });
}

/**  Creates an empty document at a path the user picked, and opens it. */
export function newDocument(args: PathArgs): Promise<AppSnapshot> {
  return invoke("new_document", { args });
}

/**  Writes a copy of the open document to a path the user picked; the open one stays open. */
export function saveCopy(args: PathArgs): Promise<null> {
  return invoke("save_copy", { args });
}

/**  Closes the open document. */
export function closeDocument(args: NoArgs): Promise<AppSnapshot> {
  return invoke("close_document", { args });
}

/**  Opens the sample document, creating it if it is missing. */
export function openSample(args: NoArgs): Promise<AppSnapshot> {
  return invoke("open_sample", { args });
}

/**  Whether another program changed the open document since the last call. */
export function checkForChanges(args: NoArgs): Promise<boolean> {
  return invoke("check_for_changes", { args });
}

/**  The start of a CSV file with the settings an import would use (remembered or guessed;
 `settings` overrides them). */
export function previewImport(args: PreviewImportArgs): Promise<Preview> {
  return invoke("preview_import", { args });
}

/**  Starts importing a file in the background; progress comes as `import-progress` events
 and the end as one `import-finished` event. */
export function startImport(args: StartImportArgs): Promise<null> {
  return invoke("start_import", { args });
}

/**  Asks the running import to stop; it rolls back and reports itself cancelled. */
export function cancelImport(args: NoArgs): Promise<null> {
  return invoke("cancel_import", { args });
}

/**  The imports of the open document, oldest first. */
export function listImports(args: NoArgs): Promise<Array<ImportInfo>> {
  return invoke("list_imports", { args });
}

/**  Removes an import with every row it brought; returns what was removed. */
export function removeImport(args: ImportRef): Promise<ImportInfo> {
  return invoke("remove_import", { args });
}

/**  The time zones an import can read times in, by IANA name. */
export function timeZones(args: NoArgs): Promise<Array<string>> {
  return invoke("time_zones", { args });
}

/**  Brings a map's metrics up to date in the background; progress comes as
 `metrics-progress` events and the end as one `metrics-finished` event. */
export function computeMetrics(args: MapRef): Promise<null> {
  return invoke("compute_metrics", { args });
}

/**  Asks the running metrics computation to stop. */
export function cancelMetrics(args: NoArgs): Promise<null> {
  return invoke("cancel_metrics", { args });
}

/**  Every event name of the imported data with how many events carry it, most first. */
export function eventNames(args: NoArgs): Promise<Array<NameCount>> {
  return invoke("event_names", { args });
}

/**  The property columns of the imported events and people, and their most frequent values. */
export function dataProperties(args: NoArgs): Promise<Array<PropertyValues>> {
  return invoke("data_properties", { args });
}

/**  The SVG an export with these options draws, with the size and pages it would have. */
export function previewExport(args: ExportOptions): Promise<ExportPreview> {
  return invoke("preview_export", { args });
}

/**  Starts exporting a map to a path the user picked; progress comes as `export-progress`
 events and the end as one `export-finished` event. */
export function startExport(args: StartExportArgs): Promise<null> {
  return invoke("start_export", { args });
}
