/** The console's workspace: everything done from this machine's CLI and console desk. */
export const LOCAL_WORKSPACE = { platform: 'console', externalId: 'local', name: 'Local desk' } as const;
