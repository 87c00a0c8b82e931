// Replaces swagger-ui-dist's own initializer (which loads the Petstore from
// the internet): the local OpenAPI document, every operation expanded so its
// "Try it out" button is on screen, as Ferry's form is.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: 'openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    docExpansion: 'full',
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
  });
};
