// Draws the workflow diagrams (<pre class="mermaid">, text generated from the definition) with
// Mermaid from npm, scaled to the width of their box, then scrolls the box (not the page) so the
// current state (class "current") is in the middle of it. Marks the page when done, so the
// browser tests know the drawing is there.
mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral", state: { useMaxWidth: true } });
mermaid.run({ querySelector: "pre.mermaid" }).then(() => {
    for (const current of document.querySelectorAll(".diagram svg .current")) {
        const box = current.closest(".diagram");
        const at = current.getBoundingClientRect();
        const frame = box.getBoundingClientRect();
        box.scrollTop += at.top - frame.top - (box.clientHeight - at.height) / 2;
        box.scrollLeft += at.left - frame.left - (box.clientWidth - at.width) / 2;
    }
    document.body.dataset.diagram = "drawn";
});
