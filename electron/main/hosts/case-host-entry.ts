// Entry of the case host utility process: `utilityProcess.fork(this, [caseDir])`.
import { serveCase } from './case-host.js';
import type { CaseHostMessage, CaseHostRequest } from './host-protocol.js';
import { parentPortOf } from './parent-port.js';

const caseDir = process.argv[2];
const port = parentPortOf<CaseHostRequest, CaseHostMessage>();
if (!caseDir) port.postMessage({ kind: 'failed', code: 'CASE_NOT_FOUND', message: 'No case folder was given.' });
else serveCase(caseDir, port);
