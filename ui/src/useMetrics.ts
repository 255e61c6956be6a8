// Keeps the shown map's numbers fresh: when a view comes back with out-of-date metrics, they
// are computed in the background, once at a time, and the view is loaded again when they are
// done. A computation that failed or was cancelled is not started again by itself until the
// document changes, so a failing computation does not run in a loop.

import { useCallback, useEffect, useRef, useState } from "react";
import * as api from "./api";
import type { MapView, MetricsFinished, MetricsProgress } from "./bindings";
import { needsMetrics } from "./journey";

/** A computation that is running. */
export type MetricsJob = { map: number; progress: MetricsProgress | null; stopping: boolean };

const MAX_STREAK = 3;

type Options = {
  view: MapView | null;
  /** The open document's path; map ids are only unique within one. */
  document: string | null;
  /** Loads the shown map again, with its fresh numbers. */
  reload: () => Promise<void>;
  fail: (message: string) => void;
};

export function useMetrics({ view, document, reload, fail }: Options) {
  const [job, setJob] = useState<MetricsJob | null>(null);
  const running = useRef(false);
  // The map whose computation failed or was cancelled; not started again by itself.
  const held = useRef<number | null>(null);
  const listening = useRef<Promise<unknown> | null>(null);
  // Computations started by themselves for one map in a row; should the numbers still come
  // back out of date after a few (a change made meanwhile, each time), they wait for a change.
  const streak = useRef({ map: -1, count: 0 });
  const handlers = useRef({ reload, fail });
  handlers.current = { reload, fail };

  useEffect(() => {
    const finished = (end: MetricsFinished) => {
      running.current = false;
      setJob(null);
      if (end.error) {
        held.current = end.map;
        handlers.current.fail(`The map's numbers could not be computed: ${end.error}`);
      } else if (end.cancelled) {
        held.current = end.map;
      }
      handlers.current.reload().catch((err) => handlers.current.fail(String(err)));
    };
    const progress = (report: MetricsProgress) =>
      setJob((current) =>
        current && current.map === report.map ? { ...current, progress: report } : current,
      );
    const unlisten = api.onMetricsEvents({ progress, finished });
    listening.current = unlisten;
    return () => void unlisten.then((stop) => stop());
  }, []);

  const start = useCallback(async (map: number) => {
    if (running.current) return;
    running.current = true;
    setJob({ map, progress: null, stopping: false });
    try {
      // Listening first: numbers read from the cache can be done before the call returns.
      await listening.current;
      await api.computeMetrics({ map });
    } catch (err) {
      running.current = false;
      held.current = map;
      setJob(null);
      handlers.current.fail(String(err));
    }
  }, []);

  useEffect(() => {
    const map = view?.map.id ?? null;
    if (!view || map === null) return;
    if (!needsMetrics(view)) {
      if (streak.current.map === map) streak.current = { map: -1, count: 0 };
      return;
    }
    if (running.current || held.current === map) return;
    const count = streak.current.map === map ? streak.current.count + 1 : 1;
    streak.current = { map, count };
    if (count > MAX_STREAK) {
      held.current = map;
      return;
    }
    void start(map);
  }, [view, start]);

  /** The document changed: out-of-date numbers may be computed again by themselves. */
  const release = useCallback(() => {
    held.current = null;
    streak.current = { map: -1, count: 0 };
  }, []);

  // Another document: what was held back in the last one says nothing about this one.
  useEffect(() => release(), [document, release]);

  /** Computes the shown map's numbers now, even after a failure or a cancel. */
  const update = useCallback(() => {
    const map = view?.map.id ?? null;
    if (map === null) return;
    held.current = null;
    streak.current = { map, count: 1 };
    void start(map);
  }, [view, start]);

  const cancel = useCallback(() => {
    setJob((current) => current && { ...current, stopping: true });
    api.cancelMetrics({}).catch(() => {});
  }, []);

  return { job, update, cancel, release };
}
