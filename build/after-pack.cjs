// electron-builder afterPack hook: flips Electron's fuses in the packaged binary, before signing.
// Fuses are compiled-in switches that no command line or environment can turn back on.
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuse settings, per DESIGN.md ("Electron hardening"). Exported so a unit test can read them. */
function fuseConfig(platform) {
  return {
    version: FuseVersion.V1,
    // macOS: flipping fuses invalidates the ad-hoc signature; electron-builder signs afterwards.
    resetAdHocDarwinSignature: platform === 'darwin',
    strictlyRequireAllFuses: true,
    [FuseV1Options.RunAsNode]: false, // ELECTRON_RUN_AS_NODE would turn the app into a plain Node
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false, // no NODE_OPTIONS=--require evil.js
    [FuseV1Options.EnableNodeCliInspectArguments]: false, // no --inspect debugger into main
    // Checks app.asar against the hash in the signed binary; supported on macOS and Windows.
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: platform === 'darwin' || platform === 'win32',
    [FuseV1Options.OnlyLoadAppFromAsar]: true, // a dropped-in app/ folder is never loaded
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false, // the app uses app://, never file://
  };
}

function executablePath(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`, 'Contents', 'MacOS', name);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName);
  }
}

async function afterPack(context) {
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  await flipFuses(executablePath(context), fuseConfig(platform));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.fuseConfig = fuseConfig;
module.exports.executablePath = executablePath;
