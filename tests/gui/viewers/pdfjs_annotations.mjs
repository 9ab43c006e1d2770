// Lists each page's annotations as pdf.js (Firefox's viewer) reads them, as JSON on stdout.
// Usage: node pdfjs_annotations.mjs PATH/TO/pdf.mjs FILE.pdf
import { readFileSync } from "node:fs";
const [pdfjsPath, pdfPath] = process.argv.slice(2);
const pdfjs = await import(pdfjsPath);
const document = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(pdfPath)), verbosity: 0 }).promise;
const pages = [];
for (let number = 1; number <= document.numPages; number++) {
  const page = await document.getPage(number);
  const annotations = await page.getAnnotations({ intent: "display" });
  pages.push(annotations.map((a) => ({
    subtype: a.subtype, contents: a.contentsObj?.str, author: a.titleObj?.str, id: a.id,
    color: a.color ? Array.from(a.color) : null, hasAppearance: a.hasAppearance,
    hasPopup: a.hasPopup, popupRef: a.popupRef, quadPoints: a.quadPoints ? Array.from(a.quadPoints) : null,
    rect: a.rect, parentId: a.parentId ?? null, modificationDate: a.modificationDate,
  })));
}
process.stdout.write(JSON.stringify(pages));
