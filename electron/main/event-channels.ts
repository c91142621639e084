// Main → renderer notifications (not API methods: the renderer never sends on these). The preload
// exposes one named subscription per channel, typed by shared/api/desktop.ts's DesktopEvents.
export const EVENTS = {
  /**
   * The running job's state, a JobUpdate (shared/api/desktop.ts): `running` with progress null when
   * it starts, then `running` with each progress step; `stopping` once, when the examiner's stop
   * was accepted (no `running` follows it); `ended` with the sentence main's dialog shows, sent
   * before that dialog opens.
   */
  jobProgress: 'lanterne:job-progress',
  /** The open case changed: { reason } — 'opened', or the job's kind after one succeeded. Reload what is shown. */
  caseChanged: 'lanterne:case-changed',
} as const;
