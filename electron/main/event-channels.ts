// Main → renderer notifications (not API methods: the renderer never sends on these). The preload
// exposes one named subscription per channel.
export const EVENTS = {
  /** A job's progress: { job: 'ingest' | 'hashset' | 'export', progress }. */
  jobProgress: 'lanterne:job-progress',
  /** The open case changed (opened, ingested into, a set imported): reload what is shown. */
  caseChanged: 'lanterne:case-changed',
} as const;
