// The pronunciation page's HTML.

export const G2P_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>rnnkit: pronounce any English word</title>
<link rel="stylesheet" href="/g2p.css">
</head>
<body>
<h1>Pronounce any English word</h1>
<p class="meta">A grapheme-to-phoneme model trained on CMUdict by <code>pnpm demo g2p</code>, running in your browser. Model: <span id="model">loading&hellip;</span>. Backend: <strong id="backend">starting&hellip;</strong></p>
<form id="form"><input id="word" value="colonel" autocomplete="off" aria-label="word"><button id="go" type="submit">Pronounce</button></form>
<div id="status">loading&hellip;</div>
<div>ARPAbet: <span class="out" id="arpabet"></span></div>
<div>IPA: <span class="out" id="ipa"></span></div>
<div id="heat"></div>
<script type="module" src="/g2p.js"></script>
</body>
</html>
`;
