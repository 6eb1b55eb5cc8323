// Packaging cannot run on this offline machine, so the afterPack hook's fuse choices and binary
// paths are checked directly. (No electron import; @electron/fuses is plain Node.)
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const hook = require('../../build/after-pack.cjs') as {
  fuseConfig(platform: string): Record<string | number, unknown>;
  executablePath(context: unknown): string;
};

describe('afterPack fuses', () => {
  it.each(['linux', 'win32', 'darwin'])('turn off every way into main on %s', (platform) => {
    const config = hook.fuseConfig(platform);
    expect(config.version).toBe(FuseVersion.V1);
    expect(config.strictlyRequireAllFuses).toBe(true);
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true);
  });

  it('validate asar integrity where the platform supports it', () => {
    expect(hook.fuseConfig('darwin')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(hook.fuseConfig('win32')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(hook.fuseConfig('linux')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(false);
  });

  it('finds the packaged binary per platform', () => {
    const context = (platform: string) => ({
      electronPlatformName: platform,
      appOutDir: '/out',
      packager: { appInfo: { productFilename: 'Teamvalv' }, executableName: 'teamvalv' },
    });
    expect(hook.executablePath(context('linux'))).toBe(path.join('/out', 'teamvalv'));
    expect(hook.executablePath(context('win32'))).toBe(path.join('/out', 'Teamvalv.exe'));
    expect(hook.executablePath(context('darwin'))).toBe(path.join('/out', 'Teamvalv.app', 'Contents', 'MacOS', 'Teamvalv'));
  });
});
