// Entry-point guard for the plain-JS scripts. The check itself lives in shared/; Node 22 loads it
// (type stripping), while an older Node cannot even load a .ts file, which is itself the answer.
export async function exitUnlessSupportedNode() {
  let result;
  try {
    const { checkNodeVersion } = await import('../shared/runtime/node-version.ts');
    result = checkNodeVersion(process.versions.node);
  } catch {
    result = {
      ok: false,
      message: `Teamvalv needs Node 22 or newer, but this is Node ${process.versions.node}. Run it through npm (npm start, npm test).`,
    };
  }
  if (!result.ok) {
    process.stderr.write(`${result.message}\n`);
    process.exit(1);
  }
}
