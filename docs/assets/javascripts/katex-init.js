// Render math with the vendored KaTeX (docs/assets/vendor/katex), offline.
//
// Markdown pages: pymdownx.arithmatex (generic: true) wraps math as \( \) and \[ \] inside
// .arithmatex elements. Notebook pages (mkdocs-jupyter, the proofs): nbconvert writes inline
// math as $...$ and display math as $$...$$ (also when the author wrote Jupyter's \\( and
// \\[), and passes \begin{align} ... \end{align} style environments through unchanged.
// Rendering the whole body with all of these delimiters covers both kinds of page;
// auto-render skips <pre>, <code>, <script> and friends, so code is left alone.
// document$ is Material's page observable: it fires on the first load and after every
// instant navigation.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
      ...["equation", "equation*", "align", "align*", "alignat", "alignat*", "gather", "gather*", "CD"].map(
        (env) => ({ left: `\\begin{${env}}`, right: `\\end{${env}}`, display: true }),
      ),
    ],
    ignoredClasses: ["highlight", "highlight-ipynb"],
    throwOnError: false,
    errorCallback: (message, error) => console.error("KaTeX: " + message, error),
  });
});
