// The job runner: one job at a time, progress forwarded, and a job process that dies is an error
// value the examiner reads — never a promise that waits forever. Only a running ingest can be
// stopped: the runner asks its job host once, and says plainly when there is nothing to stop.
import { describe, expect, it } from 'vitest';
import type { Job, JobHostInbound, JobHostMessage } from '../../../electron/main/hosts/host-protocol.js';
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

describe('JobRunner.stop', () => {
  const ingest: Job = { kind: 'ingest', caseDir: '/cases/a', roots: ['/evidence'] };
  const tick = () => new Promise((r) => setImmediate(r));

  /** A job host that records what main posts and finishes when the test says. */
  function recording() {
    const received: JobHostInbound[] = [];
    let port!: ReturnType<typeof childPortOf<JobHostInbound, JobHostMessage>>;
    const jobs = new JobRunner((() => {
      const child = new FakeUtilityProcess('job-host-entry.js', []);
      port = childPortOf<JobHostInbound, JobHostMessage>(child);
      port.onMessage((m) => received.push(m));
      return child;
    }) as unknown as ForkJobHost);
    return { jobs, received, finish: (summary: string) => port.postMessage({ kind: 'done', outcome: { ok: true, summary } }) };
  }

  it('posts one stop to a running ingest’s job host and tells the runner’s caller once; a second stop is harmless', async () => {
    const { jobs, received, finish } = recording();
    const stopping: Job[] = [];
    const outcome = jobs.run(ingest, () => {}, (j) => stopping.push(j));
    expect(jobs.stop()).toEqual({ ok: true, value: null });
    expect(jobs.stop()).toEqual({ ok: true, value: null });
    await tick();
    expect(received).toEqual([ingest, { kind: 'stop' }]);
    expect(stopping).toEqual([ingest]);
    finish('Ingest interrupted: add the same folder again to resume.');
    await expect(outcome).resolves.toEqual({ ok: true, summary: 'Ingest interrupted: add the same folder again to resume.' });
    // Ended: nothing left to stop.
    expect(jobs.stop()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: 'No ingest is running.' } });
  });

  it('refuses, as a value, when nothing runs', () => {
    const { jobs, received } = recording();
    expect(jobs.stop()).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: 'No ingest is running.' } });
    expect(received).toEqual([]);
  });

  it('refuses to stop an import or an export, which end whole or not at all', async () => {
    for (const other of [job, { kind: 'export', caseDir: '/cases/a', format: 'csv', out: '/out/a.csv' } satisfies Job]) {
      const { jobs, received, finish } = recording();
      const stopping: Job[] = [];
      const outcome = jobs.run(other, () => {}, (j) => stopping.push(j));
      expect(jobs.stop()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^An (import|export) cannot be stopped; it ends whole or not at all\.$/) } });
      await tick();
      expect(received).toEqual([other]);
      expect(stopping).toEqual([]);
      finish('done');
      await outcome;
    }
  });
});
