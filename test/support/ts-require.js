// Lets a child process that a test forks run TypeScript sources directly: .ts files
// are transpiled on load (no type check, as ts-jest's isolatedModules) and @lib/*
// resolves to libs/*, as in jest.config.js.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..', '..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const mapped = request.startsWith('@lib/') ? path.join(root, 'libs', request.slice('@lib/'.length)) : request;
  return resolveFilename.call(this, mapped, ...rest);
};

// Transpiled files are kept by the hash of their source, so a second process (a worker a
// test starts again) starts in seconds rather than transpiling the whole code base anew.
const cacheDir = path.join(os.tmpdir(), `campaigns-ts-require-${require('typescript/package.json').version}`);
fs.mkdirSync(cacheDir, { recursive: true });

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const cached = path.join(cacheDir, `${crypto.createHash('sha256').update(filename).update('\0').update(source).digest('hex')}.js`);
  let outputText;
  try {
    outputText = fs.readFileSync(cached, 'utf8');
  } catch {
    // Loaded only when something is to be transpiled: it takes a while itself.
    const ts = require('typescript');
    ({ outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        esModuleInterop: true,
      },
    }));
    // Written under another name and renamed, so a process reading it at the same time never sees half a file.
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, outputText);
    fs.renameSync(partial, cached);
  }
  module._compile(outputText, filename);
};
