// The three kinds of spec change a maintainer makes, as edits of openapi/comput3.yaml's text:
// what the release rehearsal replays end to end (regenerate, checks, changesets, publish, a
// consumer updated from the registry). Each throws when the spec no longer has the place it
// edits, so a reshaped spec fails here by name instead of testing nothing.

/** Replaces `anchor` once; throws when it is missing. */
function edit(spec, anchor, replacement, what) {
  if (!spec.includes(anchor))
    throw new Error(
      `spec-changes: ${what}: the spec has no ${JSON.stringify(anchor.trim())} to edit`,
    );
  return spec.replace(anchor, replacement);
}

/** (a) An optional request field (`top_p`) and an optional response field (`system_fingerprint`). */
export function addFields(spec) {
  const request =
    '        stream_options:\n          description: OpenAI-compatible extension. Options for a streamed answer.\n';
  spec = edit(
    spec,
    request,
    `        top_p:\n          type: number\n          minimum: 0\n          maximum: 1\n          description: OpenAI-compatible extension. Nucleus sampling, the probability mass to sample from.\n          x-openai-compatible-extension: true\n${request}`,
    'ChatCompletionRequest.top_p',
  );
  const response = '        usage:\n          description: Token counts; some servers omit them.\n';
  return edit(
    spec,
    response,
    `        system_fingerprint:\n          type: string\n          description: OpenAI-compatible extension. The configuration that answered.\n          examples: [fp_comput3]\n          x-openai-compatible-extension: true\n${response}`,
    'ChatCompletion.system_fingerprint',
  );
}

/** (b) A new operation, `POST /completions`, with its request and answer schemas. */
export function addOperation(spec) {
  spec = edit(
    spec,
    '  /models:\n',
    `  /completions:
    post:
      operationId: createCompletion
      tags: [Chat]
      summary: Complete a prompt (OpenAI-compatible extension)
      x-openai-compatible-extension: true
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/CompletionRequest'
      responses:
        '200':
          description: The completion.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Completion'
        '400':
          $ref: '#/components/responses/BadRequest'
  /models:
`,
    'paths./completions',
  );
  return edit(
    spec,
    '    ModelList:\n',
    `    CompletionRequest:
      type: object
      description: OpenAI-compatible extension. A prompt to complete.
      required: [model, prompt]
      properties:
        model:
          $ref: '#/components/schemas/ModelId'
        prompt:
          type: string
          description: The text to continue.
        max_tokens:
          type: integer
          minimum: 1
          description: Maximum number of tokens to generate.
    Completion:
      type: object
      description: OpenAI-compatible extension. A completed prompt.
      required: [id, object, created, model, choices]
      properties:
        id:
          type: string
          description: The completion's id.
        object:
          type: string
          const: text_completion
          description: Always \`text_completion\`.
        created:
          type: integer
          description: Unix time in seconds.
        model:
          type: string
          description: The model that answered.
        choices:
          type: array
          minItems: 1
          description: The continuations.
          items:
            type: object
            required: [index, text]
            properties:
              index:
                type: integer
                minimum: 0
                description: The position of this choice.
              text:
                type: string
                description: The continuation.
    ModelList:
`,
    'components.schemas.Completion',
  );
}

/** (c) A breaking change: `Model.owned_by` renamed `owner`. */
export function renameField(spec) {
  spec = edit(
    spec,
    '      required: [id, object, created, owned_by]\n',
    '      required: [id, object, created, owner]\n',
    'Model.required',
  );
  spec = edit(
    spec,
    '        owned_by:\n          description: Who serves',
    '        owner:\n          description: Who serves',
    'Model.owned_by',
  );
  // The operation's example answer names the field too.
  return spec.replaceAll(
    '                        owned_by: comput3\n',
    '                        owner: comput3\n',
  );
}
