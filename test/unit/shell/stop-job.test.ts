// The page's "Stop" for the running ingest: one narrow channel, only for our own window's top
// frame, carrying nothing (main knows which job runs), answering with values — ok while an ingest
// runs, a plain sentence when nothing does — and reaching the job host as one 'stop'.
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import type { Job, JobHostInbound, JobHostMessage } from '../../../electron/main/hosts/host-protocol.js';
import { ownWindowSender } from '../../../electron/main/ipc.js';
import { JobRunner, type ForkJobHost } from '../../../electron/main/jobs.js';
import { SHELL_CHANNELS } from '../../../electron/main/shell-channels.js';
import { registerStopJob } from '../../../electron/main/stop-job.js';
import { buildDesktop } from '../../../electron/preload/bridge.js';
import { childPortOf, createFakeElectron, FakeUtilityProcess, FakeWebContents, untrustedSenders } from './fake-electron.js';

const ingest: Job = { kind: 'ingest', caseDir: '/cases/a', roots: ['/evidence'] };
const tick = () => new Promise((r) => setImmediate(r));

function setup() {
  const fake = createFakeElectron({ userData: '/nonexistent' });
  const contents = new FakeWebContents();
  // What main posts to the job host, as the job host receives it.
  const received: JobHostInbound[] = [];
  const jobs = new JobRunner((() => {
    const child = new FakeUtilityProcess('job-host-entry.js', []);
    childPortOf<JobHostInbound, JobHostMessage>(child).onMessage((m) => received.push(m));
    return child;
  }) as unknown as ForkJobHost);
  registerStopJob(fake.ipcMain as never, ownWindowSender(() => contents as unknown as WebContents), () => jobs.stop());
  const handler = fake.ipcHandlers.get(SHELL_CHANNELS.stopJob)! as (event: unknown, ...input: unknown[]) => Promise<unknown>;
  const trusted = { sender: contents, senderFrame: contents.mainFrame };
  return { contents, handler, trusted, jobs, received };
}

describe('main’s stop-job handler', () => {
  it('says plainly that no ingest is running, as a value', async () => {
    const { handler, trusted } = setup();
    await expect(handler(trusted)).resolves.toEqual({ ok: false, error: { code: 'BAD_INPUT', message: 'No ingest is running.' } });
  });

  it('stops the running ingest for our own window: one stop reaches its job host', async () => {
    const { handler, trusted, jobs, received } = setup();
    void jobs.run(ingest, () => {});
    await expect(handler(trusted)).resolves.toEqual({ ok: true, value: null });
    await expect(handler(trusted)).resolves.toEqual({ ok: true, value: null });
    await tick();
    expect(received).toEqual([ingest, { kind: 'stop' }]);
  });

  it('refuses any other sender — another WebContents, a sub-frame, a foreign origin — and stops nothing', async () => {
    const { contents, handler, jobs, received } = setup();
    void jobs.run(ingest, () => {});
    for (const event of untrustedSenders(contents)) {
      await expect(handler(event)).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    await tick();
    expect(received).toEqual([ingest]);
  });

  it('refuses anything sent along, saying it takes no input', async () => {
    const { handler, trusted, jobs, received } = setup();
    void jobs.run(ingest, () => {});
    for (const input of [[{ job: 'export' }], ['ingest'], [null], [0], [undefined, 'x']]) {
      await expect(handler(trusted, ...input)).resolves.toEqual({ ok: false, error: { code: 'BAD_INPUT', message: 'Stopping the ingest takes no input.' } });
    }
    await tick();
    expect(received).toEqual([ingest]);
  });

  it('turns a stop that throws into an error value', async () => {
    const fake = createFakeElectron({ userData: '/nonexistent' });
    const contents = new FakeWebContents();
    registerStopJob(fake.ipcMain as never, ownWindowSender(() => contents as unknown as WebContents), () => {
      throw new Error('port closed');
    });
    const handler = fake.ipcHandlers.get(SHELL_CHANNELS.stopJob)!;
    await expect(handler({ sender: contents, senderFrame: contents.mainFrame })).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('port closed') } });
  });

  it('is what the preload’s stopJob reaches, on its own channel', async () => {
    const { handler, trusted, jobs } = setup();
    const desktop = buildDesktop({ invoke: (channel: string, ...input: unknown[]) => (channel === SHELL_CHANNELS.stopJob ? handler(trusted, ...input) : Promise.reject(new Error(channel))) } as never);
    await expect(desktop.stopJob()).resolves.toMatchObject({ ok: false, error: { message: 'No ingest is running.' } });
    void jobs.run(ingest, () => {});
    await expect(desktop.stopJob()).resolves.toEqual({ ok: true, value: null });
  });
});
