// Compile-time checks, no runtime code: the engine types the bits of Electron it meets
// structurally (it never imports 'electron'), so here Electron's own declarations are held
// against those shapes. If an Electron upgrade changes ParentPort or MessagePortMain, this file
// stops compiling instead of the worker silently losing its channel.
import type { MessagePortMain, ParentPort } from 'electron';
import type { UtilityParentPort, WorkerPort } from '../engine/ingest/worker-link.js';

type Holds<Shape, Actual extends Shape> = Actual;

export type ElectronShapesChecked = [Holds<UtilityParentPort, ParentPort>, Holds<WorkerPort, MessagePortMain>];
