// The preload of the desktop window: puts the SigilApi on window.sigil and
// nothing else. It runs sandboxed, so scripts/build.mjs bundles it into one
// CommonJS file whose only require is `electron`.

import { contextBridge, ipcRenderer } from 'electron';
import { createSigilApi } from './preload-api';

// The bridge copies the object: the page gets two functions, not ipcRenderer.
contextBridge.exposeInMainWorld('sigil', createSigilApi(ipcRenderer));
