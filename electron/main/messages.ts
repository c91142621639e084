// What the examiner reads in dialogs: whole sentences, the case named, the way forward said.
export function lockedCaseMessage(caseDir: string, detail: string): { message: string; detail: string } {
  return {
    message: 'This case is in use by another Lanterne process.',
    detail:
      `${detail}\n\nAnother Lanterne window or a \`lanterne ingest\` in a terminal is writing to ${caseDir}. ` +
      'Wait for it to finish (or close it), then try again. You can still view the case meanwhile.',
  };
}

export function caseOpenFailedMessage(caseDir: string, detail: string): { message: string; detail: string } {
  return { message: `Lanterne could not open the case at ${caseDir}.`, detail };
}

export function noCaseMessage(method: string): string {
  return `No case is open: open one with File › Open Case… (${method}).`;
}
