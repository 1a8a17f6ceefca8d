// Draws the workflow diagrams (<pre class="mermaid">, text generated from the definition) with
// Mermaid from npm. Marks the page when done, so the browser tests know the drawing is there.
mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral", state: { useMaxWidth: false } });
mermaid.run({ querySelector: "pre.mermaid" }).then(() => { document.body.dataset.diagram = "drawn"; });
