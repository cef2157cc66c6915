/** Seconds one render may take unless the render target says otherwise. */
export const DEFAULT_RENDER_TIMEOUT = 300;
