// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip -9) next to each FILE given, so the
// server sends static assets compressed as small as they get without compressing per request.
import fs from 'node:fs';
import zlib from 'node:zlib';

for (const file of process.argv.slice(2)) {
  const data = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  fs.writeFileSync(`${file}.br`, br);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
  console.log(`${file}: ${data.length} B, brotli ${br.length} B`);
}
