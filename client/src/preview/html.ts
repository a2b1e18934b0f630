/** The preview's HTML shell: strict CSP with a nonce, resources only from the extension's media folder. */
import * as vscode from 'vscode';
import { escapeXml, type PreviewState } from '../../../server/src/previewProtocol';

export function previewHtml(webview: vscode.Webview, mediaRoot: vscode.Uri, state: PreviewState): string {
  // 128 random bits (Web Crypto: the same in the desktop and the browser extension host).
  const nonce = btoa(String.fromCharCode(...globalThis.crypto.getRandomValues(new Uint8Array(16))));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'journey.css'));
  const script = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'webview.js'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} blob:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  const attr = escapeXml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(css.toString())}">
<title>Journey map</title>
</head>
<body data-state="${attr(JSON.stringify(state))}">
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="${attr(script.toString())}"></script>
</body>
</html>`;
}
