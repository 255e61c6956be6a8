#!/usr/bin/env python3
"""Reference figures for the analytics integration tests, computed without the Rust engine.

The integration tests of `crates/waymark-analytics` assert funnel counts, drop-offs, step times
and repeat-purchase intervals on the two shared data sets. This script computes those figures a
second time, from the definitions in the module doc of `crates/waymark-analytics/src/lib.rs`,
in plain Python (standard library only) and by brute force, so that a figure in a test never
comes from the code it tests. It prints one JSON object; nothing is rounded.

Run it from anywhere (the default data folder is `../shared/data` beside the repository root,
not the working directory):

    python3 scripts/reference-figures.py [DATA_FOLDER]

DATA_FOLDER holds `events/ecom.csv.gz` and `orders/CDNOW_sample.txt` (see its README.md). Before
printing, the script checks its own figures: counts that must not grow, and the ordered funnel
and the CDNOW first gap computed again by differently written code. A failed check stops it.

Floats are printed with full precision, but the tests should compare them with a small tolerance
(1e-9): a mean or an interpolated percentile may differ in the last bit depending on the order of
the arithmetic.
"""

import csv
import datetime
import gzip
import json
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"

DAY = 86_400
UTC = datetime.timezone.utc

ALL = "All customers"
OTHER = "Other"
# Tried in this order; the first whose channels hold the customer's first-touch channel keeps
# the customer, and customers neither takes are "Other".
PERSONAS = [("Email", {"email"}), ("Paid", {"paid_search", "social"})]

PURCHASE_FUNNEL = [["catalog"], ["product_view"], ["add_to_cart"], ["purchase"]]
CHECKOUT_FUNNEL = [["cart"], ["payment_details"], ["purchase"]]
EITHER_EVENT_FUNNEL = [["home", "promo_page"], ["search"], ["purchase"]]

GAPS = [1, 2, 3]
REPEAT_WITHIN_DAYS = [30, 60, 90, 180, 365]


@dataclass(frozen=True)
class Event:
    time: int  # seconds since the Unix epoch, UTC
    name: str


# ---------------------------------------------------------------------------------------------
# Reading the data


def read_ecom(path):
    """Events per customer in time order, and each customer's first-touch channel."""
    events = defaultdict(list)
    channel_touches = defaultdict(list)
    with gzip.open(path, "rt", newline="") as file:
        for row in csv.DictReader(file):
            time = parse_timestamp(row["timestamp"])
            events[row["user_id"]].append(Event(time, row["event"]))
            if row["acquisition_channel"]:
                channel_touches[row["user_id"]].append((time, row["acquisition_channel"]))

    # Python's sort is stable: events with one timestamp keep the file's order. The funnel below
    # does not depend on that order (ties count as in order either way); the first touch does,
    # when a customer's earliest events carry different channels at the same second.
    for customer_events in events.values():
        customer_events.sort(key=lambda event: event.time)
    first_touch = {
        customer: min(touches, key=lambda touch: touch[0])[1]
        for customer, touches in channel_touches.items()
    }
    return dict(events), first_touch


def parse_timestamp(text):
    """`YYYY-MM-DD HH:MM:SS`, read as UTC, to whole seconds since the epoch."""
    moment = datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)
    return int(moment.timestamp())


def read_cdnow(path):
    """Purchase times per customer (first column); each row is one purchase at 00:00 UTC."""
    purchases = defaultdict(list)
    with open(path) as file:
        for line in file:
            customer, _sample_id, date, _cds, _dollars = line.split()
            day = datetime.datetime.strptime(date, "%Y%m%d").replace(tzinfo=UTC)
            purchases[customer].append(int(day.timestamp()))
    return dict(purchases)


def persona_groups(customers, first_touch):
    """Group name to customers: all of them, then each persona, then "Other", in that order."""
    groups = {ALL: sorted(customers)}
    groups.update({name: [] for name, _ in PERSONAS})
    groups[OTHER] = []
    for customer in groups[ALL]:
        channel = first_touch.get(customer)
        persona = next((name for name, channels in PERSONAS if channel in channels), OTHER)
        groups[persona].append(customer)
    return groups


# ---------------------------------------------------------------------------------------------
# Funnel: ordered and strict


def check_steps_disjoint(steps):
    """The searches below treat one timestamp of one step as one choice. That is only right when
    no event name belongs to two steps (then an event can only ever fill its own step, so the
    rule "each event fills at most one step" holds by itself). All funnels here qualify."""
    names = [name for step in steps for name in step]
    assert len(names) == len(set(names)), f"an event name is in two steps: {steps}"


def ordered_path(events, steps, window, strict):
    """The times at which the customer fills steps 1, 2, ... (as many as they reach).

    Every time of a step-1 event is tried as the entry, and from each entry every way of
    filling the following steps is searched, not just the greedy one: in strict mode taking a
    step at the earliest tied second can block the next step, while the following second would
    not (events A@0, B@0, B@1, C@2 reach C only through B@1). The customer's path is the longest
    one, of those the one with the earliest entry, then the earliest step 2, and so on.
    """
    step_times = [sorted({event.time for event in events if event.name in step}) for step in steps]
    all_times = sorted({event.time for event in events})
    best = ()
    for entry in step_times[0]:
        end = entry + window if window is not None else None
        follow = continuation_search(step_times, all_times, end, strict)
        path = (entry,) + follow(1, entry)
        if len(path) > len(best):  # entries ascend, so the first longest is the earliest
            best = path
    return best


def continuation_search(step_times, all_times, end, strict):
    """A function giving, for steps `step..` after a step taken at `previous`, the longest and
    then earliest tuple of times; memoized, as many routes meet at the same (step, time)."""

    @cache
    def follow(step, previous):
        if step == len(step_times):
            return ()
        best = ()
        for time in candidate_times(step_times[step], all_times, end, strict, previous):
            path = (time,) + follow(step + 1, time)
            if len(path) > len(best):  # candidates ascend, so the first longest is the earliest
                best = path
        return best

    return follow


def candidate_times(times, all_times, end, strict, previous):
    """Times of a step's events that may follow a step taken at `previous`, ascending.

    At or after `previous` (a tie counts as in order) and at most `end` (the window includes its
    end). Strict mode also forbids any event of the customer strictly between the two steps, so
    only `previous` itself or the customer's next distinct second after it are allowed.
    """
    latest = end
    if strict:
        later = [time for time in all_times if time > previous]
        next_second = later[0] if later else previous
        latest = next_second if latest is None else min(latest, next_second)
    return [time for time in times if time >= previous and (latest is None or time <= latest)]


# ---------------------------------------------------------------------------------------------
# Funnel: any order


def any_order_level(events, steps, window):
    """How many steps (1..=k) the customer reaches in any order.

    Every event of any step is tried as the entry, which must be the earliest event used and one
    of the events used; steps 1..=k are reached from it when each has an event in the window
    [entry, entry + window]. Steps are disjoint, so those events are different events.
    """
    step_of = {name: index for index, step in enumerate(steps) for name in step}
    best = 0
    for entry in events:
        if entry.name not in step_of:
            continue
        in_window = {
            step_of[event.name]
            for event in events
            if event.name in step_of
            and event.time >= entry.time
            and (window is None or event.time <= entry.time + window)
        }
        level = 0
        while level < len(steps) and level in in_window:
            level += 1
        if step_of[entry.name] < level:
            best = max(best, level)
    return best


# ---------------------------------------------------------------------------------------------
# Funnel report


def funnel_counts(levels, customers, n_steps):
    """Customers of each step: those whose level (steps reached) is at least the step."""
    return [sum(1 for customer in customers if levels[customer] > k) for k in range(n_steps)]


def drop_offs(counts):
    """Reached a step and not the next; zero at the last step."""
    return [counts[k] - counts[k + 1] for k in range(len(counts) - 1)] + [0]


def median_seconds_from_previous(paths, customers, n_steps):
    """Per step, the median of (this step's time - previous step's time); null for step 1."""
    medians = [None]
    for k in range(1, n_steps):
        waits = [paths[c][k] - paths[c][k - 1] for c in customers if len(paths[c]) > k]
        medians.append(float(statistics.median(waits)) if waits else None)
    return medians


def funnel_figures(events, groups, steps, window, mode, detailed):
    """The JSON block of one funnel: its definition and, per group, the per-step figures."""
    check_steps_disjoint(steps)
    if mode == "any-order":
        paths = None
        levels = {c: any_order_level(events[c], steps, window) for c in events}
    else:
        strict = mode == "strict"
        paths = {c: ordered_path(events[c], steps, window, strict) for c in events}
        levels = {c: len(path) for c, path in paths.items()}

    figures = {}
    for group, customers in groups.items():
        counts = funnel_counts(levels, customers, len(steps))
        figures[group] = {"customers_in_group": len(customers), "customers": counts}
        if detailed:
            figures[group]["drop_off"] = drop_offs(counts)
            medians = median_seconds_from_previous(paths, customers, len(steps))
            figures[group]["median_seconds_from_previous"] = medians
    block = {"steps": steps, "window_seconds": window, "mode": mode, "groups": figures}
    return block, paths


# ---------------------------------------------------------------------------------------------
# Repeat-purchase intervals


def purchase_sequences(purchases, same_day):
    """Each buyer's purchase times, ascending; with `same_day`, one per UTC calendar date."""
    sequences = {}
    for customer, times in purchases.items():
        times = sorted(times)
        if same_day:
            first_of_day = {}
            for time in times:
                first_of_day.setdefault(time // DAY, time)  # times ascend: keeps the day's first
            times = sorted(first_of_day.values())
        if times:
            sequences[customer] = times
    return sequences


def percentile(sorted_values, fraction):
    """Linear interpolation at rank fraction * (n - 1), counted from 0 (PERCENTILE.INC)."""
    rank = fraction * (len(sorted_values) - 1)
    below = int(rank)
    if below + 1 == len(sorted_values):
        return float(sorted_values[below])
    low, high = sorted_values[below], sorted_values[below + 1]
    return low + (high - low) * (rank - below)


def gap_figures(sequences, k):
    """Days from purchase k to purchase k + 1, over the buyers who made k + 1 purchases."""
    days = sorted((times[k] - times[k - 1]) / DAY for times in sequences if len(times) > k)
    if not days:
        return {"count": 0, "mean_days": None, "median_days": None}
    figures = {"count": len(days), "mean_days": sum(days) / len(days)}
    for name, fraction in [("median", 0.5), ("p25", 0.25), ("p75", 0.75), ("p90", 0.9)]:
        figures[f"{name}_days"] = percentile(days, fraction)
    return figures


def repeat_within(sequences, end, days):
    """Share of buyers who bought again within `days` of their first purchase, among those whose
    first purchase is at least `days` before `end` (the last purchase of anyone). The share is a
    fraction (0 to 1); `eligible` and `bought_again` are its denominator and numerator."""
    limit = days * DAY
    eligible = [times for times in sequences if end - times[0] >= limit]
    again = [times for times in eligible if len(times) > 1 and times[1] - times[0] <= limit]
    share = len(again) / len(eligible) if eligible else None
    return {"days": days, "eligible": len(eligible), "bought_again": len(again), "share": share}


def interval_figures(sequences, end):
    """Buyers, repeat buyers, the first gaps and the "bought again within" shares."""
    sequences = list(sequences)
    return {
        "buyers": len(sequences),
        "repeat_buyers": sum(1 for times in sequences if len(times) > 1),
        "gaps": {f"{k}_to_{k + 1}": gap_figures(sequences, k) for k in GAPS},
        "repeat_within_days": [repeat_within(sequences, end, days) for days in REPEAT_WITHIN_DAYS],
    }


def cdnow_figures(purchases, same_day):
    """The CDNOW block: every row is a purchase; "All customers" is the only group."""
    sequences = purchase_sequences(purchases, same_day)
    end = max(times[-1] for times in sequences.values())
    return {"same_day_as_one": same_day, "groups": {ALL: interval_figures(sequences.values(), end)}}


def ecom_interval_figures(events, groups):
    """Per group: buyers, repeat buyers, and the gap from the first purchase to the second."""
    purchases = {c: [e.time for e in evs if e.name == "purchase"] for c, evs in events.items()}
    sequences = purchase_sequences(purchases, same_day=False)
    figures = {}
    for group, customers in groups.items():
        buyers = [sequences[c] for c in customers if c in sequences]
        gap = gap_figures(buyers, 1)
        figures[group] = {
            "buyers": len(buyers),
            "repeat_buyers": sum(1 for times in buyers if len(times) > 1),
            "gap_1_to_2": {"count": gap["count"], "median_days": gap["median_days"]},
        }
    return {"purchase_events": ["purchase"], "same_day_as_one": False, "groups": figures}


# ---------------------------------------------------------------------------------------------
# Checks


def check_shapes(figures):
    """Counts never grow along a funnel or along the gaps; buyers >= repeat buyers."""
    for key in [k for k in figures if k.startswith("ecom_funnel")]:
        for group, block in figures[key]["groups"].items():
            counts = block["customers"]
            assert counts == sorted(counts, reverse=True), f"{key} {group}: {counts}"
    for key in ["cdnow_intervals", "cdnow_intervals_same_day", "ecom_intervals"]:
        for group, block in figures[key]["groups"].items():
            assert block["buyers"] >= block["repeat_buyers"], f"{key} {group}"
            gaps = [gap["count"] for gap in block.get("gaps", {}).values()]
            assert gaps == sorted(gaps, reverse=True), f"{key} {group}: {gaps}"
            assert not gaps or gaps[0] == block["repeat_buyers"], f"{key} {group}"


def check_ordered_funnel_by_scan(events, steps, window, paths):
    """The ordered funnel again, as one forward scan per entry instead of a search.

    Events are sorted by time and, within one second, by step, which is the most favourable
    order of a tie (ties count as in order whichever way they are stored). In ordered mode the
    earliest candidate for each step is always the best choice, so a greedy scan must find the
    same path as the search: same steps reached, at the same times.
    """
    step_of = {name: index for index, step in enumerate(steps) for name in step}
    for customer, customer_events in events.items():
        ranked = sorted(customer_events, key=lambda e: (e.time, step_of.get(e.name, len(steps))))
        best = ()
        for start, entry in enumerate(ranked):
            if step_of.get(entry.name) != 0:
                continue
            path = [entry.time]
            for event in ranked[start + 1 :]:
                if event.time > entry.time + window or len(path) == len(steps):
                    break
                if step_of.get(event.name) == len(path):
                    path.append(event.time)
            if len(path) > len(best):
                best = tuple(path)
        assert best == paths[customer], f"{customer}: scan {best}, search {paths[customer]}"


def check_cdnow_first_gap(path, figures):
    """Gap 1 again, from the rows sorted as a whole, with the statistics module's quantiles."""
    rows = []
    with open(path) as file:
        for line in file:
            fields = line.split()
            rows.append((fields[0], datetime.date.fromisoformat(fields[2])))
    rows.sort()

    gaps, position = [], 0
    for (customer, date), (previous_customer, previous_date) in zip(rows[1:], rows):
        position = position + 1 if customer == previous_customer else 0
        if position == 1:  # this row is the customer's second purchase
            gaps.append((date - previous_date).days)

    computed = figures["cdnow_intervals"]["groups"][ALL]["gaps"]["1_to_2"]
    p25, median, p75 = statistics.quantiles(gaps, n=4, method="inclusive")
    assert len(gaps) == computed["count"], (len(gaps), computed["count"])
    assert abs(statistics.median(gaps) - computed["median_days"]) < 1e-9
    for name, value in [("p25", p25), ("median", median), ("p75", p75)]:
        assert abs(value - computed[f"{name}_days"]) < 1e-9, (name, value, computed)


# ---------------------------------------------------------------------------------------------


def main():
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    if not (data / "events" / "ecom.csv.gz").is_file():
        sys.exit(f"no events/ecom.csv.gz in {data}: pass the shared data folder as the argument")
    events, first_touch = read_ecom(data / "events" / "ecom.csv.gz")
    purchases = read_cdnow(data / "orders" / "CDNOW_sample.txt")
    groups = persona_groups(events, first_touch)
    all_only = {ALL: groups[ALL]}
    month, week = 30 * DAY, 7 * DAY

    figures = {}
    figures["ecom_funnel_ordered"], ordered_paths = funnel_figures(
        events, groups, PURCHASE_FUNNEL, month, "ordered", detailed=True
    )
    figures["ecom_funnel_strict"], _ = funnel_figures(
        events, all_only, PURCHASE_FUNNEL, month, "strict", detailed=False
    )
    figures["ecom_funnel_no_window_any_order"], _ = funnel_figures(
        events, all_only, CHECKOUT_FUNNEL, None, "any-order", detailed=False
    )
    figures["ecom_funnel_either_event"], _ = funnel_figures(
        events, all_only, EITHER_EVENT_FUNNEL, week, "ordered", detailed=False
    )
    figures["cdnow_intervals"] = cdnow_figures(purchases, same_day=False)
    figures["cdnow_intervals_same_day"] = cdnow_figures(purchases, same_day=True)
    figures["ecom_intervals"] = ecom_interval_figures(events, groups)

    check_shapes(figures)
    check_ordered_funnel_by_scan(events, PURCHASE_FUNNEL, month, ordered_paths)
    check_cdnow_first_gap(data / "orders" / "CDNOW_sample.txt", figures)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
