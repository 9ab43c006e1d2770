// Prints each page's text as pdf.js (Firefox's viewer) extracts it for selection and copying,
// as a JSON list of strings. Usage: node pdfjs_text.mjs PATH/TO/pdf.mjs FILE.pdf
import { readFileSync } from "node:fs";

const [pdfjsPath, pdfPath] = process.argv.slice(2);
const pdfjs = await import(pdfjsPath);
const document = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(pdfPath)), verbosity: 0 }).promise;
const pages = [];
for (let number = 1; number <= document.numPages; number++) {
  const content = await (await document.getPage(number)).getTextContent();
  pages.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
}
process.stdout.write(JSON.stringify(pages));
