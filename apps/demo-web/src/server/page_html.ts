// The demo page's HTML.

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>rnnkit: a character language model training on WebGL</title>
<link rel="stylesheet" href="/bundle.css">
</head>
<body>
<h1>Character language model, trained live in your browser</h1>
<p class="meta">Embedding &rarr; LSTM (96) &rarr; linear, on Genesis 1&ndash;2; Adam, batches of 16 windows of 32 characters. Backend: <strong id="backend">starting&hellip;</strong></p>
<div><button id="start">Start</button><button id="pause">Pause</button><button id="reset">Reset</button></div>
<div id="status">loading&hellip;</div>
<div id="chart"></div>
<h2>Generated text (every 10 steps)</h2>
<div id="sample"></div>
<script type="module" src="/bundle.js"></script>
</body>
</html>
`;
