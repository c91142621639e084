// electron-builder afterPack hook (electron-builder.yml → afterPack): flips Electron's fuses in
// the packaged binary, before it is signed and wrapped into AppImage/deb/NSIS/dmg. Fuses are
// bits compiled into the binary; flipped here they cannot be turned back by the environment.
//   RunAsNode off                         ELECTRON_RUN_AS_NODE cannot turn Lanterne into a Node
//   NODE_OPTIONS off, --inspect off       nothing can inject code or a debugger at launch
//   embedded asar integrity on            a tampered app.asar refuses to load (macOS, Windows)
//   only load the app from asar on        no loose app folder beside it is run instead
// CommonJS because electron-builder requires hooks; @electron/fuses is ESM, hence import().
const path = require('node:path');

/** The fuse settings, by @electron/fuses' FuseV1Options names. */
const FUSES = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
};

/** The Electron executable inside electron-builder's unpacked output for one platform. */
function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const product = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${product}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${product}.exe`);
  return path.join(appOutDir, packager.executableName ?? product);
}

async function afterPack(context) {
  const { flipFuses, FuseVersion, FuseV1Options } = await import('@electron/fuses');
  const config = { version: FuseVersion.V1 };
  for (const [name, value] of Object.entries(FUSES)) config[FuseV1Options[name]] = value;
  // Flipping bits breaks an ad-hoc signature (arm64 macOS); re-sign ad hoc, on a Mac only.
  config.resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && process.platform === 'darwin';
  const target = executablePath(context);
  await flipFuses(target, config);
  console.log(`  • fuses flipped in ${path.basename(target)}: ${Object.entries(FUSES).map(([k, v]) => `${k}=${v ? 'on' : 'off'}`).join(', ')}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.executablePath = executablePath;
