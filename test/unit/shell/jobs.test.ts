// The job runner: one job at a time, progress forwarded, and a job process that dies is an error
// value the examiner reads — never a promise that waits forever.
import { describe, expect, it } from 'vitest';
import type { Job, JobHostMessage } from '../../../electron/main/hosts/host-protocol.js';
import { JobRunner, type ForkJobHost } from '../../../electron/main/jobs.js';
import { childPortOf, FakeUtilityProcess } from './fake-electron.js';

const job: Job = { kind: 'hashset', caseDir: '/cases/a', file: '/sets/x.md5' };

/** A job host that does what `script` says with the job it receives. */
function runner(script: (port: ReturnType<typeof childPortOf<Job, JobHostMessage>>, child: FakeUtilityProcess) => void) {
  return new JobRunner((() => {
    const child = new FakeUtilityProcess('job-host-entry.js', []);
    script(childPortOf<Job, JobHostMessage>(child), child);
    return child;
  }) as unknown as ForkJobHost);
}

describe('JobRunner', () => {
  it('forwards progress and resolves with the outcome', async () => {
    const jobs = runner((port) =>
      port.onMessage(() => {
        port.postMessage({ kind: 'progress', progress: { phase: 'records', records: 100_000 } });
        port.postMessage({ kind: 'done', outcome: { ok: true, summary: 'Imported.' } });
      }),
    );
    const seen: unknown[] = [];
    await expect(jobs.run(job, (_j, p) => seen.push(p))).resolves.toEqual({ ok: true, summary: 'Imported.' });
    expect(seen).toEqual([{ phase: 'records', records: 100_000 }]);
    expect(jobs.busy).toBe(false);
  });

  it('refuses a second job while one runs', async () => {
    const jobs = runner(() => {});
    void jobs.run(job, () => {});
    expect(jobs.busy).toBe(true);
    await expect(jobs.run(job, () => {})).resolves.toMatchObject({ ok: false, error: { message: expect.stringContaining('still running') } });
  });

  it('turns a job process that dies into an error value', async () => {
    const jobs = runner((port, child) => port.onMessage(() => child.kill()));
    await expect(jobs.run(job, () => {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('stopped unexpectedly') } });
    expect(jobs.busy).toBe(false);
  });
});
