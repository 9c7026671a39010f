export const id = 36;
export const ids = [36];
export const modules = {

/***/ 7036:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/errors.ts
/**
 * An error whose message is written for the user as it stands: bad input,
 * an unknown target, a failed build. The shells report it without a stack trace.
 */
class UserError extends Error {
    constructor(message) {
        super(message);
        this.name = 'UserError';
    }
}
/**
 * Something wrong with one setting, named by its action input (`targets`); each
 * shell says it with its own name for the setting (the CLI: `--target`).
 */
class SettingError extends UserError {
    setting;
    detail;
    constructor(setting, detail) {
        super(`${setting}: ${detail}`);
        this.setting = setting;
        this.detail = detail;
        this.name = 'SettingError';
    }
}
/** A bad value of one input: the message names the input, the value and what is expected. */
class InputError extends SettingError {
    constructor(input, value, expected) {
        super(input, `${JSON.stringify(value)} ${expected}`);
        this.name = 'InputError';
    }
}

// EXTERNAL MODULE: ./node_modules/csv-parse/lib/sync.js + 9 modules
var sync = __webpack_require__(5175);
;// CONCATENATED MODULE: ./src/buildx/attests.ts

/** The CSV fields of one buildx attribute list (`type=provenance,mode=max`), trimmed. */
function fields(attrs) {
    const records = (0,sync/* parse */.qg)(attrs, {
        delimiter: ',',
        trim: true,
        columns: false,
        relaxColumnCount: true,
        skipEmptyLines: true
    });
    return records.flat();
}
function keyOf(field) {
    return field.split('=', 1)[0].trim();
}
// Go's strconv.ParseBool, which buildx uses.
const BOOLEAN = new Map([
    ...['1', 't', 'T', 'true', 'TRUE', 'True'].map((text) => [text, true]),
    ...['0', 'f', 'F', 'false', 'FALSE', 'False'].map((text) => [text, false])
]);
/** A boolean as Go's strconv reads it (buildx's flags and variables); undefined when it is none. */
function goBoolean(text) {
    return BOOLEAN.get(text.trim());
}
/** The types an attestation entry names (`type=sbom,…` → sbom), read once per entry. */
function attestationTypes(attest) {
    return fields(attest)
        .filter(field => keyOf(field) === 'type')
        .map(field => field.split('=')[1]?.trim() ?? '');
}
/** A bare boolean field becomes `disabled=`, as buildx's --attest reads it. */
function withDisabled(attest) {
    return fields(attest)
        .filter(field => field !== '')
        .map(field => (goBoolean(field) === undefined ? field : `disabled=${!goBoolean(field)}`))
        .join(',');
}
/** Provenance attributes with the run's builder-id added, unless they name one. */
function withBuilderId(attrs, builderId) {
    if (!builderId || fields(attrs).some(field => keyOf(field) === 'builder-id'))
        return attrs;
    return attrs ? `${attrs},builder-id=${builderId}` : `builder-id=${builderId}`;
}
/** The `provenance` input as build-push-action reads it: true and false, or attributes. */
function provenanceInput(value, builderId) {
    const flag = goBoolean(value);
    if (flag !== undefined)
        return flag ? withBuilderId('', builderId) : 'false';
    return withBuilderId(value, builderId);
}
/**
 * The --attest values of a build, in build-push-action's order and by its rules:
 * `provenance` and `sbom` first, and over an `attests` entry of their type; where
 * neither names provenance, the action's default (`defaultProvenance`), but never
 * into the engine; the run's builder-id on every provenance that names none.
 */
function attestArgs(options, context) {
    const { attests, provenance, sbom, builderId, defaultProvenance } = options;
    const args = [];
    const attestsProvenance = attests.some(attest => attestationTypes(attest).includes('provenance'));
    if (provenance) {
        args.push(withDisabled(`type=provenance,${provenanceInput(provenance, builderId)}`));
    }
    else if (defaultProvenance && !attestsProvenance && context.buildkitAttests && !context.loads) {
        const mode = defaultProvenance === 'min' ? 'mode=min,inline-only=true' : 'mode=max';
        args.push(`type=provenance,${withBuilderId(mode, builderId)}`);
    }
    if (sbom)
        args.push(withDisabled(`type=sbom,${sbom}`));
    for (const attest of attests) {
        const types = attestationTypes(attest);
        const [isProvenance, isSbom] = [types.includes('provenance'), types.includes('sbom')];
        if (!isProvenance && !isSbom)
            args.push(withDisabled(attest));
        else if (isProvenance && !provenance)
            args.push(withBuilderId(attest, builderId));
        else if (isSbom && !sbom)
            args.push(attest);
    }
    return args;
}

;// CONCATENATED MODULE: ./src/github/context.ts

function readEvent(file) {
    if (!file)
        return {};
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch {
        return {};
    }
}
function readRunContext(env = process.env) {
    const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
    const ref = env.GITHUB_REF ?? '';
    const event = readEvent(env.GITHUB_EVENT_PATH);
    const pr = event.pull_request;
    const run = event.workflow_run;
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    const runUrl = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : null;
    return {
        eventName: env.GITHUB_EVENT_NAME ?? '',
        owner,
        repo,
        sha: env.GITHUB_SHA ?? '',
        ref,
        job: `${env.GITHUB_WORKFLOW ?? ''}/${env.GITHUB_JOB ?? ''}`,
        branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null,
        pullRequest: pr
            ? { number: pr.number, baseRef: pr.base.ref, baseSha: pr.base.sha, headSha: pr.head.sha }
            : null,
        workflowRun: run
            ? {
                headSha: run.head_sha,
                headBranch: run.head_branch ?? '',
                headRepository: run.head_repository?.full_name ?? ''
            }
            : null,
        runUrl,
        serverUrl: server,
        attemptUrl: runUrl && `${runUrl}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
        privateRepository: event.repository?.private === true
    };
}

;// CONCATENATED MODULE: ./src/action/input-text.ts


/** A Dockerfile stage name, as BuildKit accepts it. */
const STAGE_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];
/** A list input: one item per line or comma-separated, blanks dropped. */
function parseList(raw) {
    return raw
        .split(/[\n,]/)
        .map(item => item.trim())
        .filter(item => item !== '');
}
/** A list input whose items may hold commas (CSV, label values): one item per line. */
function parseLines(raw) {
    return raw
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(line => line !== '');
}
/**
 * A list input read as build-push-action reads it: CSV records (so a quoted value
 * may span lines or hold commas), a record of one field split on commas unless
 * the input takes whole lines, several fields joined back with commas when it does.
 * csv-parse with its options: the same records by construction.
 */
function parseInputList(input, raw, reading = {}) {
    const text = reading.untrimmed ? raw : raw.trim();
    if (text === '')
        return [];
    let records;
    try {
        records = (0,sync/* parse */.qg)(text, {
            columns: false,
            relaxQuotes: true,
            relaxColumnCount: true,
            skipEmptyLines: true,
            quote: reading.noQuotes ? false : undefined
        });
    }
    catch (error) {
        // The message quotes no value: it may be a secret's.
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new SettingError(input, `cannot be read as CSV (${reason}); expected one item per line, values with commas or line breaks in double quotes`);
    }
    const items = records.flatMap(record => {
        if (reading.wholeLines)
            return [record.join(',')];
        return record.length === 1 ? record[0].split(',') : record;
    });
    return items.filter(item => item !== '').map(item => (reading.untrimmed ? item : item.trim()));
}
function parseBoolean(input, raw, fallback) {
    const value = raw.trim();
    if (value === '')
        return fallback;
    if (TRUE.includes(value))
        return true;
    if (FALSE.includes(value))
        return false;
    throw new InputError(input, raw, 'is not a boolean; expected true or false');
}

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
// EXTERNAL MODULE: ./src/input-names.ts
var input_names = __webpack_require__(4098);
;// CONCATENATED MODULE: ./src/action/build-options.ts








const SHM_SIZE = /^[0-9]+(?:\.[0-9]+)?[bkmgBKMG]?$/;
/**
 * `id=value` items split at the first `=`. One without an id or a value is skipped
 * with a warning, as build-push-action skips it; the warning names its place, never
 * its text, which may be a secret's (a line that continues an unquoted value).
 */
function secretItems(input, items, expected) {
    return items.flatMap((item, index) => {
        const eq = item.indexOf('=');
        const [id, value] = [item.slice(0, Math.max(eq, 0)).trim(), item.slice(eq + 1)];
        if (id !== '' && value !== '')
            return [[id, value]];
        log/* log */.Rm.warning(`${input}: item ${index + 1} is not ${expected} (a value with line breaks needs double quotes around the whole item); it is skipped`);
        return [];
    });
}
function envSecret(id, variable, env) {
    if (env[variable] === undefined)
        log/* log */.Rm.warning(`${input_names/* Inputs */.G.secretEnvs}: ${variable} is not set; secret ${id} is empty`);
    return { id, from: 'env', variable };
}
function fileSecret(id, file, cwd) {
    const resolved = external_node_path_.resolve(cwd, file);
    if ((0,external_node_fs_.statSync)(resolved, { throwIfNoEntry: false })?.isFile())
        return [{ id, from: 'file', file: resolved }];
    log/* log */.Rm.warning(`${input_names/* Inputs */.G.secretFiles}: ${file} is not a file; secret ${id} is skipped`);
    return [];
}
/** The three secret inputs, read and checked as build-push-action reads them. */
function parseSecrets(read, env, cwd) {
    const list = (input, reading, expected) => secretItems(input, parseInputList(input, read(input), reading), expected);
    const secrets = [
        ...list(input_names/* Inputs */.G.secrets, { wholeLines: true, untrimmed: true }, 'id=value').map(([id, value]) => ({ id, from: 'value', value })),
        ...list(input_names/* Inputs */.G.secretEnvs, {}, 'id=ENV_NAME').map(([id, variable]) => envSecret(id, variable, env)),
        ...list(input_names/* Inputs */.G.secretFiles, { wholeLines: true }, 'id=path').flatMap(([id, file]) => fileSecret(id, file, cwd))
    ];
    const ids = secrets.map(secret => secret.id);
    const twice = ids.find((id, index) => ids.indexOf(id) !== index);
    if (twice)
        throw new InputError(input_names/* Inputs */.G.secrets, twice, 'is a secret id given twice; expected each id once across secrets, secret-envs and secret-files');
    return secrets;
}
function withKey(input, entries, expected) {
    for (const entry of entries)
        if (!/^[^=\s]+=/.test(entry))
            throw new InputError(input, entry, expected);
    return entries;
}
// The cache backends buildx knows; an entry without type= is an image reference.
const CACHE_TYPES = ['registry', 'local', 'inline', 'gha', 's3', 'azblob'];
/** Cache entries whose type= buildx knows; only the type is named (attributes may hold keys). */
function cacheEntries(input, entries) {
    for (const entry of entries) {
        const type = /(?:^|,)\s*type=([^,]*)/.exec(entry)?.[1]?.trim();
        if (type !== undefined && !CACHE_TYPES.includes(type))
            throw new InputError(input, type, `is not a cache type; expected type=${CACHE_TYPES.join(', type=')}, or an image reference`);
    }
    return entries;
}
/** Labels with a key: `key=value`, or a bare `key` (an empty value), as docker takes them. */
function labelLines(entries) {
    for (const entry of entries)
        if (entry.split('=', 1)[0].trim() === '')
            throw new InputError(input_names/* Inputs */.G.labels, entry, 'has no key; expected key=value, one per line');
    return entries;
}
/** Hosts with an address: `host:ip` or `host=ip`, as docker's --add-host takes them. */
function hostEntries(entries) {
    for (const entry of entries)
        if (!/^[^\s:=]+[:=]\S+$/.test(entry))
            throw new InputError(input_names/* Inputs */.G.addHosts, entry, 'is not a host entry; expected host:ip (or host=ip), e.g. db:10.0.0.5 or host.docker.internal:host-gateway');
    return entries;
}
function optionalText(read, input) {
    return read(input).trim() || undefined;
}
/** `call`, kept only when it asks for something else than the build itself. */
function callMethod(read) {
    const call = read(input_names/* Inputs */.G.call).trim();
    return call === '' || call === 'build' ? undefined : call;
}
/** Provenance as build-push-action settles it for this run: its builder-id and default. */
function provenanceSettings(env) {
    const run = readRunContext(env);
    const optOut = env.BUILDX_NO_DEFAULT_ATTESTATIONS ?? '';
    const noDefault = optOut === '' ? false : goBoolean(optOut);
    if (noDefault === undefined)
        throw new SettingError('BUILDX_NO_DEFAULT_ATTESTATIONS', `${JSON.stringify(optOut)} is not a boolean; expected 1, true, 0 or false`);
    return {
        builderId: run.attemptUrl ?? undefined,
        defaultProvenance: noDefault || !run.runUrl ? undefined : run.privateRepository ? 'min' : 'max'
    };
}
/** Parses the build-push-action inputs; `cwd` is where relative secret files start. */
function parseBuildOptions(read, env, cwd) {
    // Each list as build-push-action reads it: a line of one item split on commas, or whole lines.
    const items = (input) => parseInputList(input, read(input));
    const lines = (input) => parseInputList(input, read(input), { wholeLines: true });
    const shmSize = optionalText(read, input_names/* Inputs */.G.shmSize);
    if (shmSize && !SHM_SIZE.test(shmSize))
        throw new InputError(input_names/* Inputs */.G.shmSize, shmSize, 'is not a size; expected a number with an optional unit b, k, m or g, like 2g');
    const noCacheFilters = items(input_names/* Inputs */.G.noCacheFilters);
    for (const stage of noCacheFilters)
        if (!STAGE_NAME.test(stage))
            throw new InputError(input_names/* Inputs */.G.noCacheFilters, stage, 'is not a stage name; expected stage names, one per line or comma-separated');
    return {
        secrets: parseSecrets(read, env, cwd),
        ssh: items(input_names/* Inputs */.G.ssh),
        labels: labelLines(lines(input_names/* Inputs */.G.labels)),
        annotations: withKey(input_names/* Inputs */.G.annotations, lines(input_names/* Inputs */.G.annotations), 'is not an annotation; expected [type:]key=value, one per line'),
        buildContexts: withKey(input_names/* Inputs */.G.buildContexts, lines(input_names/* Inputs */.G.buildContexts), 'is not a build context; expected name=path, name=docker-image://ref or name=target:stage, one per line'),
        cacheFrom: cacheEntries(input_names/* Inputs */.G.cacheFrom, lines(input_names/* Inputs */.G.cacheFrom)),
        cacheTo: cacheEntries(input_names/* Inputs */.G.cacheTo, lines(input_names/* Inputs */.G.cacheTo)),
        pull: parseBoolean(input_names/* Inputs */.G.pull, read(input_names/* Inputs */.G.pull), false),
        provenance: optionalText(read, input_names/* Inputs */.G.provenance),
        sbom: optionalText(read, input_names/* Inputs */.G.sbom),
        attests: lines(input_names/* Inputs */.G.attests),
        allow: items(input_names/* Inputs */.G.allow),
        cgroupParent: optionalText(read, input_names/* Inputs */.G.cgroupParent),
        call: callMethod(read),
        outputs: parseInputList(input_names/* Inputs */.G.outputs, read(input_names/* Inputs */.G.outputs), {
            wholeLines: true,
            noQuotes: true
        }),
        ...provenanceSettings(env),
        addHosts: hostEntries(items(input_names/* Inputs */.G.addHosts)),
        shmSize,
        ulimits: lines(input_names/* Inputs */.G.ulimit),
        noCacheFilters
    };
}

;// CONCATENATED MODULE: ./src/request.ts





/** The build context folder and the Dockerfile (by default the context's), resolved from `cwd`. */
function buildFiles(contextRaw, fileRaw, cwd) {
    const context = existing(input_names/* Inputs */.G.context, contextRaw, cwd, 'directory', 'the build context folder');
    const file = fileRaw
        ? existing(input_names/* Inputs */.G.file, fileRaw, cwd, 'file', 'the path of a Dockerfile')
        : existing(input_names/* Inputs */.G.file, external_node_path_.join(contextRaw, 'Dockerfile'), cwd, 'file', 'a Dockerfile');
    return { context, file };
}
/**
 * The request of a local build: the action's Dockerfile build with none of what a
 * CI run has (no cache service, registry, baseline, comment or token).
 */
function localBuildRequest(local, env, cwd) {
    const build = {
        ...buildFiles(local.context, local.file ?? '', cwd),
        targets: local.targets,
        // One per argument: a value may hold anything but a line break.
        buildArgs: parseBuildArgs(local.buildArgs, env, '--build-arg'),
        tags: [],
        network: local.network,
        platforms: [],
        load: false,
        cache: 'none',
        cacheMode: 'min',
        push: false,
        noCache: false,
        baseline: 'none',
        options: noBuildOptions(),
        baselineImages: [],
        verifyFixes: local.verifyFixes
    };
    const publish = {
        gate: { metric: 'compressed' },
        comment: 'never',
        commitStatus: false,
        token: ''
    };
    return { source: 'dockerfile', build, publish };
}
/** baseline-image names one image per measured image, in order, or none. */
function checkBaselineCount(baselineImages, measured, of) {
    if (baselineImages.length === 0 || baselineImages.length === measured)
        return;
    throw new InputError(input_names/* Inputs */.G.baselineImage, baselineImages.join(', '), `names ${baselineImages.length} images for ${measured} measured (${of}); expected one per image, in the same order`);
}
const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * `KEY=VALUE` per line; the value is everything after the first `=` and may hold
 * `=`, commas, quotes and spaces. `KEY` alone takes its value from the environment,
 * as docker does; when the environment has none it is left out.
 */
function parseBuildArgs(
/** `KEY=VALUE` or `KEY` items, one per build arg. */
items, env, 
/** What the user calls them: the input, or the command line's option. */
source = input_names/* Inputs */.G.buildArgs) {
    const args = [];
    for (const line of items) {
        const eq = line.indexOf('=');
        const name = (eq === -1 ? line : line.slice(0, eq)).trim();
        if (!ARG_NAME.test(name)) {
            throw new InputError(source, line, 'is not a build arg; expected KEY=VALUE (or KEY alone) with KEY made of letters, digits and _');
        }
        if (args.some(arg => arg.name === name)) {
            throw new InputError(source, name, 'is given twice; expected each KEY once');
        }
        if (eq !== -1) {
            args.push({ name, value: line.slice(eq + 1) });
        }
        else if (env[name] !== undefined) {
            args.push({ name, value: env[name] });
        }
        else {
            log/* log */.Rm.warning(`${source}: ${name} is not set in the environment; it is not passed`);
        }
    }
    return args;
}
/** A build with none of build-push-action's pass-through options. */
function noBuildOptions() {
    return {
        secrets: [],
        ssh: [],
        labels: [],
        annotations: [],
        buildContexts: [],
        cacheFrom: [],
        cacheTo: [],
        pull: false,
        attests: [],
        allow: [],
        outputs: [],
        addHosts: [],
        ulimits: [],
        noCacheFilters: []
    };
}
/** `raw` resolved from `base`, when it is a file (or folder) as `input` needs; else an InputError. */
function existing(input, raw, base, kind, what) {
    const resolved = external_node_path_.resolve(base, raw);
    const stats = (0,external_node_fs_.statSync)(resolved, { throwIfNoEntry: false });
    const ok = kind === 'file' ? stats?.isFile() : stats?.isDirectory();
    if (!ok)
        throw new InputError(input, raw, `is not a ${kind}; expected ${what}`);
    return resolved;
}

;// CONCATENATED MODULE: ./src/report/limits.ts
/**
 * A size's unit. `kB`, `MB`, `GB`, `TB` are decimal, as `docker images` prints
 * sizes; `KiB`…`TiB` are binary; a bare `k`, `M`, `G`, `T` (any case, `b` or `i`
 * optional after it) is binary too, as Docker's own flags (`--shm-size 64m`) read it.
 */
function unitBytes(unit) {
    if (/^b$/i.test(unit))
        return 1;
    const match = /^([kmgt])(i?)(b?)$/i.exec(unit);
    if (!match)
        return undefined;
    const power = 'kmgt'.indexOf(match[1].toLowerCase()) + 1;
    const decimal = !match[2] && match[3] !== '';
    return decimal ? 1000 ** power : 1024 ** power;
}
const NUMBER = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;
/** A number with no unit: `10` could be 10 bytes, 10 MB or 10%; the user must say which. */
function isBareNumber(text) {
    return /^\d+(?:\.\d+)?$/.test(text.trim());
}
/** `150MB`, `1.5 GiB`, `200kB`, `64m` → bytes; undefined when it is not a size with its unit. */
function parseSize(text) {
    const match = NUMBER.exec(text.trim());
    if (!match || !match[2])
        return undefined;
    const unit = unitBytes(match[2]);
    return unit === undefined ? undefined : Math.round(Number(match[1]) * unit);
}
/** `10%` → 10; undefined when it is not a percent. */
function parsePercent(text) {
    const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
    return match ? Number(match[1]) : undefined;
}
/** `10%`, `5MB` or `10%, 5MB`; undefined when a part is neither. */
function parseIncreaseLimit(text) {
    const limit = {};
    for (const part of text.split(',').map(item => item.trim())) {
        const percent = parsePercent(part);
        const bytes = percent === undefined ? parseSize(part) : undefined;
        if (percent !== undefined && limit.percent === undefined)
            limit.percent = percent;
        else if (bytes !== undefined && limit.bytes === undefined)
            limit.bytes = bytes;
        else
            return undefined;
    }
    return limit;
}
const UNITS_EXPECTED = 'kB, MB, GB (decimal, as docker images prints) or KiB, MiB, GiB (or k, M, G)';
/** What is wrong with a text that is not a size, in words both shells use. */
function sizeProblem(text) {
    const value = text.trim();
    return isBareNumber(value)
        ? `has no unit; expected a size with its unit, like ${value}MB or ${value}MiB`
        : `is not a size; expected a number with ${UNITS_EXPECTED}, like 150MB`;
}
/** What is wrong with a text that is not an increase limit, in words both shells use. */
function increaseProblem(text) {
    const bare = text
        .split(',')
        .map(part => part.trim())
        .find(isBareNumber);
    return bare
        ? `has no unit on ${bare}; expected a percent or a size, like ${bare}% or ${bare}MB`
        : `is not a limit; expected a percent (10%), a size (5MB; ${UNITS_EXPECTED}) or both (10%, 5MB)`;
}
const WINDOW = /^(.+?)\s+in\s+(\d+)\s*([dw])$/i;
/** `20% in 30d`, `10%, 50MB in 4w` → the limit and its days; undefined when it is not one. */
function parseGrowthLimit(text) {
    const match = WINDOW.exec(text.trim());
    const limit = match && parseIncreaseLimit(match[1]);
    if (!match || !limit)
        return undefined;
    const days = Number(match[2]) * (match[3].toLowerCase() === 'w' ? 7 : 1);
    return days > 0 ? { limit, days } : undefined;
}
/** The largest size from `from` that stays within `limit` (growth fails only past every part). */
function ceilingOf(from, limit) {
    const parts = [
        limit.percent === undefined ? undefined : from * (1 + limit.percent / 100),
        limit.bytes === undefined ? undefined : from + limit.bytes
    ].filter(value => value !== undefined);
    return Math.max(...parts);
}
/** What is wrong with a text that is not a growth limit, in words both shells use. */
function growthProblem(text) {
    const match = WINDOW.exec(text.trim());
    if (match && !parseIncreaseLimit(match[1]))
        return increaseProblem(match[1]);
    return 'is not a growth limit; expected a limit as for max-increase and a window of days or weeks, like 20% in 30d or 10%, 50MB in 4w';
}

;// CONCATENATED MODULE: ./src/action/inputs.ts









const BAKE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const BUILDER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const CACHE_SCOPE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const IMAGE_ID = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,127}$/;
// GitHub's label names: up to 50 characters on one line.
const LABEL = /^[^\n\r]{1,50}$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
// [registry[:port]/]name[/name…][:tag], names lowercase as a registry requires.
const IMAGE_REF = /^(?:[A-Za-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/;
function optional(read, input, pattern, expected) {
    const value = read(input).trim();
    if (value === '')
        return undefined;
    if (!pattern.test(value))
        throw new InputError(input, value, expected);
    return value;
}
function oneOf(read, input, allowed, fallback) {
    const value = read(input).trim();
    if (value === '')
        return fallback;
    if (!allowed.includes(value)) {
        throw new InputError(input, value, `is not allowed; expected one of ${allowed.join(', ')}`);
    }
    return value;
}
/** A list input whose every item must match `pattern`; duplicates dropped. */
function parsePatternList(input, raw, pattern, expected) {
    const items = parseList(raw);
    for (const item of items) {
        if (!pattern.test(item))
            throw new InputError(input, item, expected);
    }
    return [...new Set(items)];
}
/** An input or its alias (one of build-push-action's names); both at once are refused. */
function eitherOf(read, input, alias) {
    const [raw, aliased] = [read(input).trim(), read(alias).trim()];
    if (raw && aliased)
        throw new InputError(alias, aliased, `is given with ${input}; expected one of the two`);
    return aliased ? { input: alias, raw: aliased } : { input, raw };
}
/** `targets`, or build-push-action's `target`: one name only, as it takes it. */
function targetNames(read, pattern, names) {
    const given = eitherOf(read, input_names/* Inputs */.G.targets, input_names/* Inputs */.G.target);
    if (given.input === input_names/* Inputs */.G.targets)
        return parsePatternList(input_names/* Inputs */.G.targets, given.raw, pattern, `is not ${names.what}; expected names like ${names.like}, one per line or comma-separated`);
    if (!pattern.test(given.raw))
        throw new InputError(input_names/* Inputs */.G.target, given.raw, `is not ${names.what}; expected one name like ${names.like}, as build-push-action takes it (several go in ${input_names/* Inputs */.G.targets})`);
    return [given.raw];
}
function parseTags(raw) {
    return parsePatternList(input_names/* Inputs */.G.tags, raw, IMAGE_REF, 'is not an image reference; expected [registry/]name[:tag] in lowercase, like ghcr.io/org/app:1.2');
}
/** A reference to measure: a tag, a tag or name pinned by digest, or an engine's image id. */
const MEASURED_IMAGE = new RegExp(`${IMAGE_REF.source.slice(0, -1)}(?:@sha256:[0-9a-f]{64})?$|^(?:sha256:)?[0-9a-f]{12,64}$`);
const IMAGE_EXPECTED = 'is not an image reference; expected [registry/]name[:tag][@sha256:digest], like ghcr.io/org/app:main, one per line';
function parseBaselineImages(read) {
    return parsePatternList(input_names/* Inputs */.G.baselineImage, read(input_names/* Inputs */.G.baselineImage), MEASURED_IMAGE, IMAGE_EXPECTED);
}
/** `id`: the user's name for an image, in place of the derived identity. */
function parseId(read) {
    return optional(read, input_names/* Inputs */.G.id, IMAGE_ID, 'is not an image id; expected letters, digits, ".", "_", "-" and "/", like api or services/web');
}
/** Fails on the first of `inputs` that is set: it has no meaning for the source asked for. */
function refuseInputs(read, inputs, expected) {
    for (const input of inputs) {
        const given = read(input).trim();
        if (given)
            throw new InputError(input, given, expected);
    }
}
/** `image`: what to measure instead of building; inputs that only a build uses are refused. */
function parseImageConfig(read, cwd) {
    const images = parsePatternList(input_names/* Inputs */.G.image, read(input_names/* Inputs */.G.image), MEASURED_IMAGE, IMAGE_EXPECTED);
    const measuredOnly = `is for a build; with ${input_names/* Inputs */.G.image} nothing is built, so leave it out`;
    refuseInputs(read, [input_names/* Inputs */.G.targets, input_names/* Inputs */.G.target, input_names/* Inputs */.G.tags, input_names/* Inputs */.G.secrets, input_names/* Inputs */.G.cacheTo], measuredOnly);
    if (parseBoolean(input_names/* Inputs */.G.push, read(input_names/* Inputs */.G.push), false))
        throw new InputError(input_names/* Inputs */.G.push, read(input_names/* Inputs */.G.push), measuredOnly);
    const fileRaw = read(input_names/* Inputs */.G.file).trim();
    const baselineImages = parseBaselineImages(read);
    checkBaselineCount(baselineImages, images.length, input_names/* Inputs */.G.image);
    return {
        images,
        file: fileRaw
            ? existing(input_names/* Inputs */.G.file, fileRaw, cwd, 'file', 'the Dockerfile the images were built from')
            : undefined,
        id: parseId(read),
        baseline: parseBaselineMode(read),
        baselineImages
    };
}
/** `platforms` (build-push-action's name), or its alias `platform`: one or several, each measured. */
function parsePlatforms(read) {
    const given = eitherOf(read, input_names/* Inputs */.G.platforms, input_names/* Inputs */.G.platform);
    return parsePatternList(given.input, given.raw, PLATFORM, 'is not a platform; expected os/arch[/variant] like linux/amd64, one per line or comma-separated');
}
/** The inputs every build of a step shares, whatever its Dockerfile. */
function parseSharedBuildConfig(read, env, cwd) {
    return {
        builder: optional(read, input_names/* Inputs */.G.builder, BUILDER_NAME, 'is not a builder name; expected the name of a buildx builder'),
        network: oneOf(read, input_names/* Inputs */.G.network, ['default', 'none', 'host']),
        platforms: parsePlatforms(read),
        load: parseBoolean(input_names/* Inputs */.G.load, read(input_names/* Inputs */.G.load), false),
        cache: oneOf(read, input_names/* Inputs */.G.cache, ['gha', 'none'], 'gha'),
        cacheMode: oneOf(read, input_names/* Inputs */.G.cacheMode, ['max', 'min'], 'max'),
        cacheScope: optional(read, input_names/* Inputs */.G.cacheScope, CACHE_SCOPE, 'is not a cache scope; expected letters, digits, ".", "_" and "-"'),
        push: parseBoolean(input_names/* Inputs */.G.push, read(input_names/* Inputs */.G.push), false),
        noCache: parseBoolean(input_names/* Inputs */.G.noCache, read(input_names/* Inputs */.G.noCache), false),
        baseline: parseBaselineMode(read),
        id: parseId(read),
        options: parseBuildOptions(read, env, cwd),
        baselineImages: parseBaselineImages(read),
        verifyFixes: parseBoolean(input_names/* Inputs */.G.verifyFixes, read(input_names/* Inputs */.G.verifyFixes), false)
    };
}
/** Parses and validates every input; `cwd` is the workspace that relative paths start from. */
function parseBuildConfig(read, env, cwd) {
    const files = buildFiles(read(input_names/* Inputs */.G.context).trim() || '.', read(input_names/* Inputs */.G.file).trim(), cwd);
    const shared = parseSharedBuildConfig(read, env, cwd);
    const tags = parseTags(read(input_names/* Inputs */.G.tags));
    if (shared.push && tags.length === 0) {
        throw new InputError(input_names/* Inputs */.G.tags, '', 'is empty; expected at least one tag to push to');
    }
    const targets = targetNames(read, STAGE_NAME, { what: 'a stage name', like: '"production"' });
    const images = Math.max(targets.length, 1) * Math.max(shared.platforms.length, 1);
    checkBaselineCount(shared.baselineImages, images, `${input_names/* Inputs */.G.targets} × ${input_names/* Inputs */.G.platforms}`);
    return {
        ...shared,
        ...files,
        targets,
        buildArgs: parseBuildArgs(parseInputList(input_names/* Inputs */.G.buildArgs, read(input_names/* Inputs */.G.buildArgs), { wholeLines: true }), env),
        tags
    };
}
/** `bake`: the files and the targets or groups to build; each target says its own Dockerfile, args and tags. */
function parseBakeConfig(read, env, cwd) {
    const files = parseLines(read(input_names/* Inputs */.G.bake)).map(file => existing(input_names/* Inputs */.G.bake, file, cwd, 'file', 'a bake file (docker-bake.hcl, .json or compose file)'));
    refuseInputs(read, [input_names/* Inputs */.G.context, input_names/* Inputs */.G.file, input_names/* Inputs */.G.buildArgs, input_names/* Inputs */.G.tags], `is set in the bake file with ${input_names/* Inputs */.G.bake}; leave it out here`);
    const targets = targetNames(read, BAKE_NAME, {
        what: 'a bake target or group',
        like: '"api" or "default"'
    });
    return { files, targets, shared: parseSharedBuildConfig(read, env, cwd) };
}
/** A limit input: its value parsed, undefined when empty, else an error saying what is expected. */
function limitInput(read, name, parse, problem) {
    const raw = read(name).trim();
    if (!raw)
        return undefined;
    const value = parse(raw);
    if (value === undefined)
        throw new InputError(name, raw, problem(raw));
    return value;
}
function parseGate(read) {
    return {
        metric: oneOf(read, input_names/* Inputs */.G.sizeMetric, ['compressed', 'uncompressed'], 'compressed'),
        maxIncrease: limitInput(read, input_names/* Inputs */.G.maxIncrease, parseIncreaseLimit, increaseProblem),
        maxOwnIncrease: limitInput(read, input_names/* Inputs */.G.maxOwnIncrease, parseIncreaseLimit, increaseProblem),
        maxSize: limitInput(read, input_names/* Inputs */.G.maxSize, parseSize, sizeProblem),
        maxUpdate: limitInput(read, input_names/* Inputs */.G.maxUpdate, parseSize, sizeProblem),
        maxGrowth: limitInput(read, input_names/* Inputs */.G.maxGrowth, parseGrowthLimit, growthProblem)
    };
}
function parseBaselineMode(read) {
    return oneOf(read, input_names/* Inputs */.G.baseline, ['auto', 'cache', 'build', 'none'], 'auto');
}
function parsePublish(read) {
    return {
        gate: parseGate(read),
        comment: oneOf(read, input_names/* Inputs */.G.comment, ['auto', 'always', 'on-change', 'never'], 'auto'),
        commitStatus: parseBoolean(input_names/* Inputs */.G.commitStatus, read(input_names/* Inputs */.G.commitStatus), true),
        allowIncreaseLabel: optional(read, input_names/* Inputs */.G.allowIncreaseLabel, LABEL, 'is not a label name; expected one line of at most 50 characters'),
        token: read(input_names/* Inputs */.G.githubToken).trim()
    };
}
/** Parses and validates every input of the mode and source asked for. */
function parseRequest(read, env, cwd) {
    const mode = oneOf(read, input_names/* Inputs */.G.mode, ['build', 'comment'], 'build');
    const publish = parsePublish(read);
    if (mode === 'build' && read(input_names/* Inputs */.G.image).trim())
        return { source: 'images', image: parseImageConfig(read, cwd), publish };
    if (mode === 'build' && read(input_names/* Inputs */.G.bake).trim())
        return { source: 'bake', bake: parseBakeConfig(read, env, cwd), publish };
    if (mode === 'build')
        return { source: 'dockerfile', build: parseBuildConfig(read, env, cwd), publish };
    const reports = parseList(read(input_names/* Inputs */.G.report)).map(report => external_node_path_.resolve(cwd, report));
    if (reports.length === 0) {
        throw new InputError(input_names/* Inputs */.G.report, '', 'is empty; mode: comment posts a report, so name its file (or a folder of them)');
    }
    for (const [index, report] of reports.entries()) {
        if (!(0,external_node_fs_.statSync)(report, { throwIfNoEntry: false })) {
            throw new InputError(input_names/* Inputs */.G.report, parseList(read(input_names/* Inputs */.G.report))[index], 'does not exist; expected a report JSON file or a folder of them');
        }
    }
    return { source: 'reports', reports, baseline: parseBaselineMode(read), publish };
}
/** The action's inputs, from the runner's environment, as a request. */
function readRequest(workspace) {
    // Untrimmed: a build arg's value may end in spaces; each parser trims what it must.
    return parseRequest(name => core/* getInput */.V4(name, { trimWhitespace: false }), process.env, workspace);
}

;// CONCATENATED MODULE: ./src/action/log.ts

/** The action speaks to the runner: workflow commands, groups it folds, secrets it masks. */
const actionLog = {
    info: core/* info */.pq,
    notice: core/* notice */.lm,
    warning: core/* warning */.$e,
    debug: core/* debug */.Yz,
    group: core/* group */.Os,
    secret: core/* setSecret */.Pq
};

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/github/api.ts
/**
 * A client for the API this run talks to. GITHUB_API_URL is read now, not when
 * @actions/github was loaded, so a GitHub Enterprise or test server is always used.
 * The client is loaded only here: a step that posts nothing never compiles it.
 */
async function createOctokit(token) {
    const github = await __webpack_require__.e(/* import() */ 157).then(__webpack_require__.bind(__webpack_require__, 157));
    return github.getOctokit(token, {
        baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com'
    });
}
/** Waits between tries when the API answers 5xx. */
const API_RETRY_DELAYS_MS = [1000, 3000];
function statusOf(error) {
    return typeof error === 'object' && error !== null && 'status' in error
        ? Number(error.status)
        : undefined;
}
/** Runs a call, trying again after each delay while the API answers 5xx. */
async function withRetry(call, delaysMs) {
    for (let attempt = 0;; attempt++) {
        try {
            return await call();
        }
        catch (error) {
            const status = statusOf(error) ?? 0;
            if (status < 500 || attempt >= delaysMs.length)
                throw error;
            await new Promise(resolve => setTimeout(resolve, delaysMs[attempt]));
        }
    }
}
/** An API failure in a sentence; a refusal names the permission the workflow needs. */
function explain(error, permission) {
    const status = statusOf(error);
    const message = error.message ?? String(error);
    if (status === 403 || status === 404) {
        return `the token may not do this (${status}: ${message}): the workflow needs \`permissions: { ${permission} }\`. Pull requests from forks get a read-only token: post from a workflow_run workflow with mode: comment (see docs/recipes.md, "Pull requests from forks").`;
    }
    return status ? `the GitHub API answered ${status}: ${message}` : message;
}

;// CONCATENATED MODULE: ./src/github/acceptance.ts


/**
 * Whether a reviewer accepted this PR's size crossing: the label is on the PR now,
 * and the newest `labeled` event for it says who put it there and when.
 */
async function findAcceptance(octokit, place, label, delays) {
    const where = { owner: place.owner, repo: place.repo, issue_number: place.issueNumber };
    try {
        const labels = await withRetry(() => octokit.paginate(octokit.rest.issues.listLabelsOnIssue, { ...where, per_page: 100 }), delays);
        if (!labels.some(item => item.name === label))
            return null;
        const events = await withRetry(() => octokit.paginate(octokit.rest.issues.listEvents, { ...where, per_page: 100 }), delays);
        // Events of many kinds share the list; a labeled one names its label.
        const labeled = events;
        const applied = labeled
            .filter(event => event.event === 'labeled' && event.label?.name === label)
            .at(-1);
        return { label, by: applied?.actor?.login ?? null, at: applied?.created_at ?? null };
    }
    catch (error) {
        log/* log */.Rm.warning(`Could not read the labels of pull request #${place.issueNumber}, so the label ${label} is not applied: ${explain(error, 'pull-requests: read')}`);
        return null;
    }
}

;// CONCATENATED MODULE: ./src/report/common-measure.ts
function stored(report) {
    return report.compressedSource !== 'gzip-estimate';
}
/** The report with its gzip estimate as its compressed sizes; undefined when it has none. */
function asEstimate(report) {
    if (report.estimatedBytes === null)
        return undefined;
    if (report.layers.some(layer => layer.estimatedBytes === null))
        return undefined;
    return {
        ...report,
        compressedBytes: report.estimatedBytes,
        compressedSource: 'gzip-estimate',
        layers: report.layers.map(layer => ({
            ...layer,
            compressedBytes: layer.estimatedBytes ?? layer.compressedBytes
        }))
    };
}
/**
 * Base and head on one compressed measure: as they are when both counted the same
 * way, else both by their gzip estimate (a pushed baseline against an unpushed head
 * would otherwise show the two methods' difference as growth).
 */
function onCommonMeasure(base, head) {
    if (stored(base) === stored(head))
        return { base, head, measure: stored(head) ? 'stored' : 'gzip-estimate' };
    const [baseEstimate, headEstimate] = [asEstimate(base), asEstimate(head)];
    if (baseEstimate && headEstimate)
        return { base: baseEstimate, head: headEstimate, measure: 'gzip-estimate' };
    return { base, head, measure: 'mixed' };
}
const SOURCE_TEXT = {
    registry: "the registry's blob sizes",
    archive: "the image archive's compressed layers",
    'gzip-estimate': 'a gzip -6 estimate'
};
/** Why a mixed comparison's compressed change is not judged. */
function mixedMeasureCaveat(base, head) {
    return `the base's compressed size is ${SOURCE_TEXT[base.compressedSource]} and this one's ${SOURCE_TEXT[head.compressedSource]}, so their difference is partly the method`;
}

;// CONCATENATED MODULE: ./src/report/identity.ts

/** The name of the target when the user asked for none: whatever the last stage is called. */
const DEFAULT_TARGET_IDENTITY = '(last stage)';
function hash(parts) {
    return (0,external_node_crypto_.createHash)('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}
function imageIdentity(input) {
    if (input.id) {
        const key = hash(['id', input.id]);
        return { key, family: key, label: `id ${input.id}` };
    }
    const target = input.target ?? DEFAULT_TARGET_IDENTITY;
    const args = Object.keys(input.buildArgs)
        .sort()
        .map(name => `${name}=${input.buildArgs[name]}`);
    const family = hash([input.dockerfile, input.context, target, input.platform]);
    return {
        key: hash([family, ...args]),
        family,
        label: [input.dockerfile, `context ${input.context}`, target, input.platform, ...args].join(', ')
    };
}
/** Build args that differ between two reports, as `NAME=value` of the base (`NAME unset` where it had none). */
function differentBuildArgs(base, head) {
    const names = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
    return names
        .filter(name => base[name] !== head[name])
        .map(name => (name in base ? `${name}=${base[name]}` : `${name} unset`));
}
/** Where reports and baselines meet: the image's identity (reports from before it: the target). */
function identityKey(report) {
    return report.identity?.key ?? report.target;
}
/** How many untracked entries a caveat names before it says how many more. */
const UNTRACKED_SHOWN = 5;
function untrackedText(untracked) {
    const shown = untracked.slice(0, UNTRACKED_SHOWN).join(', ');
    const more = untracked.length - UNTRACKED_SHOWN;
    return `the base was built from git without what this build's context has untracked: ${shown}${more > 0 ? ` and ${more} more` : ''}`;
}
/**
 * Why a baseline shows a change that may not be this PR's: another commit than the
 * base, other build args, or generated inputs the base build could not have. Such
 * a change is shown, never gated.
 */
function baselineCaveat(baseline, headArgs) {
    const reasons = [];
    if (baseline.expectedSha && baseline.sha !== baseline.expectedSha)
        reasons.push(`the baseline is of ${baseline.sha.slice(0, 7)}, not the base commit ${baseline.expectedSha.slice(0, 7)}`);
    const args = differentBuildArgs(baseline.buildArgs, headArgs);
    if (args.length > 0)
        reasons.push(`the baseline was built with ${args.join(', ')}`);
    if (baseline.untracked.length > 0)
        reasons.push(untrackedText(baseline.untracked));
    return reasons.length > 0 ? reasons.join('; ') : null;
}
/** The user's `id` for one of several images: `id/part` where there are several, else `id`. */
function idPart(id, several, part) {
    return id && several ? `${id}/${part}` : id;
}

;// CONCATENATED MODULE: ./src/report/size-change.ts
function sizeChange(base, head) {
    const both = base !== null && head !== null;
    return {
        base,
        head,
        delta: both ? head - base : null,
        percent: both && base > 0 ? ((head - base) / base) * 100 : both && head === base ? 0 : null
    };
}

;// CONCATENATED MODULE: ./src/report/base-part.ts

/**
 * The base image's part of an image: its first layers, those the final stage's
 * FROM brought (attributed to that line), and their bytes.
 */
function basePart(layers, image) {
    const count = layers.findIndex(layer => layer.instruction !== 'FROM');
    const base = count === -1 ? layers : layers.slice(0, count);
    return {
        image,
        layers: base.length,
        compressedBytes: base.reduce((sum, layer) => sum + layer.compressedBytes, 0),
        uncompressedBytes: base.reduce((sum, layer) => sum + layer.uncompressedBytes, 0)
    };
}
/** Each side's parts on the sizes it is compared by (its layers as the comparison counts them). */
function partsOf(report) {
    if (!report.base)
        return undefined;
    const base = basePart(report.layers, report.base.image);
    const own = {
        layers: report.layers.length - base.layers,
        compressedBytes: report.compressedBytes - base.compressedBytes,
        uncompressedBytes: report.uncompressedBytes - base.uncompressedBytes
    };
    return { base, own };
}
const partChange = (base, head) => ({
    compressed: sizeChange(base.compressedBytes, head.compressedBytes),
    uncompressed: sizeChange(base.uncompressedBytes, head.uncompressedBytes)
});
/** Base and own parts compared; null unless both reports know their base image's part. */
function compareParts(base, head) {
    const [before, after] = [partsOf(base), partsOf(head)];
    if (!before || !after)
        return null;
    return {
        baseImage: { base: before.base.image, head: after.base.image },
        base: partChange(before.base, after.base),
        own: partChange(before.own, after.own)
    };
}

;// CONCATENATED MODULE: ./src/report/update.ts
/**
 * How a layer is known on both sides: by its blob (the compressed bytes a registry
 * stores) where both reports know every blob, else by its contents (its diff id).
 * A blob says more: the same contents compressed anew are a new download.
 */
function matching(base, head) {
    const layers = [...base.layers, ...head.layers];
    return layers.every(layer => layer.blob !== null) ? 'blob' : 'content';
}
const update_keyOf = (layer, by) => (by === 'blob' ? layer.blob : layer.digest) ?? '';
/**
 * What a host that holds the base image downloads to run the head's: the
 * compressed bytes of the head's layers the base does not have (each once), and
 * how many of its layers it has. Unknown where a report lacks layer digests.
 */
function updateSize(base, head) {
    const without = [base, head].find(report => report.layers.some(layer => !layer.digest));
    if (without)
        return {
            known: false,
            reason: `the ${without === base ? 'base' : 'head'} report has no digests of its layers`
        };
    const by = matching(base, head);
    const held = new Set(base.layers.map(layer => update_keyOf(layer, by)));
    const fetched = new Set();
    let bytes = 0;
    let sharedLayers = 0;
    for (const layer of head.layers) {
        const key = update_keyOf(layer, by);
        if (held.has(key))
            sharedLayers++;
        else if (!fetched.has(key)) {
            fetched.add(key);
            bytes += layer.compressedBytes;
        }
    }
    return {
        known: true,
        bytes,
        sharedLayers,
        layers: head.layers.length,
        matchedBy: by,
        estimated: head.compressedSource === 'gzip-estimate'
    };
}

;// CONCATENATED MODULE: ./src/report/compare.ts





/** The instruction as written into history, without `# buildkit` and RUN's build-arg prefix. */
function describeLayer(layer) {
    if (layer.instruction === 'FROM')
        return 'base image';
    return layer.createdBy
        .replace(/\s*# buildkit$/, '')
        .replace(/^(RUN )?\|\d+ .*?(\/bin\/sh -c )/, '$1$2')
        .trim();
}
/** What a layer is, as people read it: the Dockerfile's own words where known, else the history's. */
function layerWords(layer) {
    const written = layer.instruction === 'FROM' ? null : layer.source;
    return written || describeLayer(layer) || '(no history)';
}
/** Layers keyed by stage, instruction and what made them; repeats numbered in order. */
function keyed(layers) {
    const seen = new Map();
    const result = new Map();
    for (const layer of layers) {
        const base = `${layer.stage}\u0000${layer.instruction}\u0000${describeLayer(layer)}`;
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        result.set(`${base}\u0000${count}`, layer);
    }
    return result;
}
/** Grown or shrunk by content; the gzip size of unchanged content varies too little to mean anything. */
function layerStatus(base, head) {
    if (!base)
        return 'added';
    if (!head)
        return 'removed';
    if (head.uncompressedBytes > base.uncompressedBytes)
        return 'grown';
    if (head.uncompressedBytes < base.uncompressedBytes)
        return 'shrunk';
    return 'unchanged';
}
/** Layers paired by instruction (not position), in the head image's order, removed ones last. */
function compareLayers(base, head) {
    const baseByKey = keyed(base);
    const headByKey = keyed(head);
    const keys = [...headByKey.keys(), ...[...baseByKey.keys()].filter(key => !headByKey.has(key))];
    return keys.map(key => {
        const before = baseByKey.get(key);
        const after = headByKey.get(key);
        const layer = (after ?? before);
        return {
            status: layerStatus(before, after),
            stage: layer.stage,
            instruction: layer.instruction,
            what: describeLayer(layer),
            source: (after ?? before)?.source ?? null,
            baseLine: before?.line ?? null,
            headLine: after?.line ?? null,
            compressed: sizeChange(before?.compressedBytes ?? null, after?.compressedBytes ?? null),
            uncompressed: sizeChange(before?.uncompressedBytes ?? null, after?.uncompressedBytes ?? null)
        };
    });
}
/**
 * Compares each image of this run with the base's report of the same image (by
 * identity, so a renamed last stage still meets its baseline). `base` holds the
 * base reports found: an image missing there is new, unless none was found.
 */
function compareTargets(head, base, caveats = new Map(), 
/** Images the base is known not to have (it was built), though no base report was found. */
newImages = new Set()) {
    const baseByKey = new Map(base.map(report => [identityKey(report), report]));
    // A baseline of the same image with other build args (a new matrix leg) pairs by family.
    const sameFamily = (report) => base.find(candidate => candidate.identity?.family === report.identity?.family &&
        !head.some(other => identityKey(other) === identityKey(candidate)));
    const paired = new Map(head.map(report => [
        identityKey(report),
        baseByKey.get(identityKey(report)) ?? (report.identity ? sameFamily(report) : undefined)
    ]));
    const pairedBases = new Set([...paired.values()]);
    const compared = head.map((report) => {
        const found = paired.get(identityKey(report));
        const known = base.length > 0 || newImages.has(identityKey(report));
        const status = found ? 'compared' : known ? 'new' : 'no-baseline';
        const pair = found ? onCommonMeasure(found, report) : undefined;
        const after = pair?.head ?? report;
        return {
            target: report.target,
            status,
            base: pair?.base ?? null,
            head: after,
            compressed: sizeChange(pair?.base.compressedBytes ?? null, after.compressedBytes),
            uncompressed: sizeChange(pair?.base.uncompressedBytes ?? null, after.uncompressedBytes),
            layers: pair ? compareLayers(pair.base.layers, after.layers) : [],
            caveat: pair ? (caveats.get(identityKey(report)) ?? null) : null,
            measure: pair?.measure ?? null,
            // Each side as measured: a host downloads the head's blobs, not an estimate made to match.
            update: found ? updateSize(found, report) : null,
            parts: pair ? compareParts(pair.base, after) : null
        };
    });
    const removed = base
        .filter(report => !pairedBases.has(report))
        .map(report => ({
        target: report.target,
        status: 'removed',
        base: report,
        head: null,
        compressed: sizeChange(report.compressedBytes, null),
        uncompressed: sizeChange(report.uncompressedBytes, null),
        layers: [],
        caveat: null,
        measure: null,
        update: null,
        parts: null
    }));
    return [...compared, ...removed];
}
/** Why this comparison's change in `metric` is shown but not judged; null when it is judged. */
function caveatFor(comparison, metric) {
    const reasons = [comparison.caveat];
    if (metric === 'compressed' &&
        comparison.measure === 'mixed' &&
        comparison.base &&
        comparison.head)
        reasons.push(mixedMeasureCaveat(comparison.base, comparison.head));
    const given = reasons.filter(reason => reason !== null);
    return given.length > 0 ? given.join('; ') : null;
}
function metricOf(comparison, metric) {
    return metric === 'compressed' ? comparison.compressed : comparison.uncompressed;
}

;// CONCATENATED MODULE: ./src/report/format.ts
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];
/** Decimal units, as docker prints sizes: 41.2 MB. */
function formatBytes(bytes) {
    let value = Math.abs(bytes);
    let unit = 0;
    for (;;) {
        // Decide on what rounding shows: 99.96 MB is "100 MB", 999,999 B is "1.0 MB".
        const digits = unit === 0 || value >= 99.95 ? 0 : 1;
        const shown = Number(value.toFixed(digits));
        if (shown >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
            continue;
        }
        return `${bytes < 0 ? '-' : ''}${shown.toFixed(digits)} ${UNITS[unit]}`;
    }
}
function formatDuration(ms) {
    return ms < 60_000
        ? `${(ms / 1000).toFixed(1)} s`
        : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
const HTML = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    '|': '&#124;'
};
/** Text from outside (file names, instructions, branch names) made inert in markdown and HTML. */
function escapeText(text) {
    return text
        .replace(/([\\`*_[\]#~!])/g, '\\$1')
        .replace(/[&<>"|]/g, ch => HTML[ch])
        .replace(/\r?\n/g, ' ');
}
/** Characters markdown would still read inside inline HTML, as entities. */
const MARKDOWN_IN_HTML = /[\\`*_[\]~]/g;
/**
 * Untrusted text inside HTML (a <summary>, a <code>): entities only, since
 * markdown's backslash escapes show as they are there.
 */
function htmlText(text) {
    return text
        .replace(/[&<>"|]/g, ch => HTML[ch])
        .replace(MARKDOWN_IN_HTML, ch => `&#${ch.charCodeAt(0)};`)
        .replace(/\r?\n/g, ' ');
}
/** Untrusted text as inline code that a table cell can hold. */
function code(text) {
    return `<code>${htmlText(text)}</code>`;
}
/** Text with `code` spans (hint messages): the spans as code, the rest escaped. */
function textWithCode(text) {
    return text
        .split('`')
        .map((part, index) => (index % 2 === 1 ? code(part) : escapeText(part)))
        .join('');
}
/** Shortens long text on a character boundary, marking the cut. */
function shorten(text, max) {
    const chars = [...text];
    return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

;// CONCATENATED MODULE: ./src/report/trend.ts



/** How many of the latest earlier reports a push's report carries, each of them; the chart draws them. */
const TREND_LENGTH = 30;
/**
 * How far back the history reaches, for max-growth: beyond the latest TREND_LENGTH,
 * one report a day (the day's last) for this many days.
 */
const HISTORY_DAYS = 120;
const DAY_MS = 24 * 60 * 60 * 1000;
function trendPoint(report) {
    return {
        commit: report.commit ?? '',
        createdAt: report.createdAt,
        compressedBytes: report.compressedBytes,
        estimatedBytes: report.estimatedBytes,
        uncompressedBytes: report.uncompressedBytes
    };
}
const dayOf = (point) => point.createdAt.slice(0, 10);
/** Older points thinned to each day's last, none beyond HISTORY_DAYS before `newest`. */
function thinned(points, newest) {
    const since = Date.parse(newest.createdAt) - HISTORY_DAYS * DAY_MS;
    return points.filter((point, index) => Date.parse(point.createdAt) >= since &&
        (index === points.length - 1 || dayOf(points[index + 1]) !== dayOf(point)));
}
/**
 * The history a push's report carries: the branch's previous report's and that
 * report itself; the last TREND_LENGTH of them all, and before them one a day for
 * HISTORY_DAYS. A re-run of the same commit replaces its own point.
 */
function carriedTrend(previous, commit) {
    if (!previous)
        return [];
    const points = [...previous.trend, trendPoint(previous)].filter(point => point.commit !== commit);
    const latest = points.slice(-TREND_LENGTH);
    const older = points.slice(0, -TREND_LENGTH);
    return older.length > 0 ? [...thinned(older, points[points.length - 1]), ...latest] : latest;
}
/** The base's report and its history, oldest first. */
const historyOf = (base) => [...base.trend, trendPoint(base)];
/**
 * The history's report from `days` before `at`: the newest one at least that old,
 * else (a shorter history) the oldest, which `reachesBack` says is not that old.
 */
function reportBefore(history, at, days) {
    const cutoff = Date.parse(at) - days * DAY_MS;
    const old = history.filter(point => Date.parse(point.createdAt) <= cutoff);
    if (old.length > 0)
        return { point: old[old.length - 1], reachesBack: true };
    return history.length > 0 ? { point: history[0], reachesBack: false } : undefined;
}
/**
 * The head against the base branch's report from `days` before it (the head's own
 * time), from the history the base's report carries: the newest at least that old,
 * else the oldest. `estimate`: compressed sizes by the gzip estimate on both sides,
 * as the comparison counts them. Null when the base carries no history at all.
 */
function creepOf(base, head, days, estimate) {
    const found = reportBefore(historyOf(base), head.createdAt, days);
    if (!found)
        return null;
    const now = trendPoint(head);
    const change = (metric) => sizeChange(sizeOf(found.point, metric, estimate), sizeOf(now, metric, estimate));
    return {
        days,
        from: found.point,
        reachesBack: found.reachesBack,
        age: Math.floor((Date.parse(head.createdAt) - Date.parse(found.point.createdAt)) / DAY_MS),
        compressed: change('compressed'),
        uncompressed: change('uncompressed')
    };
}
/** A point's size in the comparison's measure: the gzip estimate where both sides use it. */
function sizeOf(point, metric, estimate) {
    if (metric === 'uncompressed')
        return point.uncompressedBytes;
    return estimate ? (point.estimatedBytes ?? point.compressedBytes) : point.compressedBytes;
}
const trend_UNITS = [
    ['GB', 1e9],
    ['MB', 1e6],
    ['kB', 1e3]
];
/** Text inside a Mermaid string: no quotes or anything that could end the block. */
function mermaidText(text) {
    return text.replace(/[^A-Za-z0-9 ,._/:()@+-]/g, '_');
}
/**
 * The base branch's size over its last reports and the PR's as a Mermaid chart
 * (GitHub draws it in comments), folded; nothing unless the base has two points.
 */
function trendDetails(comparison, metric, baseLabel, maxGrowth) {
    const { base, head } = comparison;
    if (!base || !head || base.trend.length === 0)
        return [];
    const estimate = comparison.measure === 'gzip-estimate';
    const points = historyOf(base).slice(-TREND_LENGTH - 1);
    const sizes = [
        ...points.map(point => sizeOf(point, metric, estimate)),
        sizeOf(trendPoint(head), metric, estimate)
    ];
    const [unit, scale] = trend_UNITS.find(([, value]) => Math.max(...sizes) >= value) ?? ['B', 1];
    const values = sizes.map(size => Number((size / scale).toFixed(2)));
    const labels = [
        ...points.map(point => `"${mermaidText(point.commit.slice(0, 7)) || '?'}"`),
        '"this PR"'
    ];
    const prOnly = values.map((value, index) => (index === values.length - 1 ? value : 0));
    // The max-growth's ceiling, drawn flat across: the PR's bar must stay under it.
    const creep = maxGrowth && creepOf(base, head, maxGrowth.days, estimate);
    const ceiling = maxGrowth && creep
        ? Number((ceilingOf(creep[metric].base ?? 0, maxGrowth.limit) / scale).toFixed(2))
        : undefined;
    const limitNote = ceiling === undefined ? '' : ' (the flat line: its max-growth)';
    return [
        `<details><summary>${htmlText(comparison.target)}: ${htmlText(baseLabel)} over its last ${points.length} reports, and this PR${limitNote}</summary>`,
        '',
        '```mermaid',
        'xychart-beta',
        `    title "${mermaidText(`${comparison.target}, ${metric} size (${unit})`)}"`,
        `    x-axis [${labels.join(', ')}]`,
        `    y-axis "${unit}"`,
        `    bar [${prOnly.join(', ')}]`,
        `    line [${values.join(', ')}]`,
        ...(ceiling === undefined ? [] : [`    line [${values.map(() => ceiling).join(', ')}]`]),
        '```',
        '',
        '</details>',
        ''
    ];
}

;// CONCATENATED MODULE: ./src/report/gate.ts



function percentText(percent) {
    return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;
}
function changeText(delta, percent) {
    const sign = delta > 0 ? '+' : delta < 0 ? '-' : '±';
    const amount = `${sign}${formatBytes(Math.abs(delta))}`;
    return percent === null ? amount : `${amount} (${percentText(percent)})`;
}
function limitText(limit) {
    const parts = [
        limit.percent !== undefined ? `${limit.percent}%` : undefined,
        limit.bytes !== undefined ? formatBytes(limit.bytes) : undefined
    ].filter(Boolean);
    return parts.join(' and ');
}
/** Growth crosses the limit only when it exceeds every part of it that is given. */
function crossesIncrease(delta, percent, limit) {
    if (delta <= 0)
        return false;
    if (limit.percent === undefined && limit.bytes === undefined)
        return false;
    const overPercent = limit.percent === undefined || percent === null || percent > limit.percent;
    const overBytes = limit.bytes === undefined || delta > limit.bytes;
    return overPercent && overBytes;
}
/** `what` grew or shrank, against `limit` (named `limitName`) when given. */
function growthSentence(what, delta, percent, limit, limitName = 'max-increase') {
    if (delta === 0)
        return { text: `${what} is unchanged`, exceeded: false };
    const verb = delta > 0 ? 'grew' : 'shrank';
    const change = `${verb} by ${changeText(delta, percent).replace(/^[+-]/, '')}`;
    if (delta < 0 || !limit)
        return { text: `${what} ${change}`, exceeded: false };
    const exceeded = crossesIncrease(delta, percent, limit);
    const limitPart = `, ${exceeded ? 'over' : 'within'} the ${limitName} of ${limitText(limit)}`;
    return { text: `${what} ${change}${limitPart}`, exceeded };
}
/** The max-own-increase's part: the growth of the layers the Dockerfile adds, apart from its base image's. */
function ownPart(comparison, metric, limit) {
    if (!limit || comparison.status !== 'compared')
        return undefined;
    const name = 'max-own-increase';
    if (!comparison.parts)
        return {
            text: `the base image's part is unknown on one side (no Dockerfile, or a report before it was kept): the ${name} is not judged`,
            exceeded: false
        };
    const own = comparison.parts.own[metric];
    if (own.delta === null)
        return undefined;
    if (caveatFor(comparison, metric)) {
        const growth = growthSentence('its own layers', own.delta, own.percent, undefined);
        return { text: `${growth.text}, not judged against the ${name}`, exceeded: false };
    }
    return growthSentence('its own layers', own.delta, own.percent, limit, name);
}
/** The update size in words: its bytes, and the layers a host already has. */
function updateText(update) {
    const about = update.estimated ? 'about ' : '';
    return `${about}${formatBytes(update.bytes)} (${update.sharedLayers} of ${update.layers} layers shared)`;
}
/** The max-update's part of the sentence; none without the limit or a baseline. */
function updatePart(comparison, maxUpdate) {
    const { update } = comparison;
    if (maxUpdate === undefined || !update)
        return undefined;
    const limit = `the max-update of ${formatBytes(maxUpdate)}`;
    if (!update.known)
        return {
            text: `its update size is unknown (${update.reason}): ${limit} is not judged`,
            exceeded: false
        };
    if (comparison.caveat)
        return {
            text: `its update is ${updateText(update)}, not judged against ${limit}`,
            exceeded: false
        };
    const exceeded = update.bytes > maxUpdate;
    return {
        text: `a host with the base's image downloads ${updateText(update)}, ${exceeded ? 'over' : 'within'} ${limit}`,
        exceeded
    };
}
const dayText = (days) => `${days} day${days === 1 ? '' : 's'}`;
/** The max-growth's part: the head against the base branch's report from the window's start. */
function creepPart(comparison, metric, maxGrowth) {
    const { base, head } = comparison;
    if (!maxGrowth || comparison.status !== 'compared' || !base || !head)
        return undefined;
    const found = creepOf(base, head, maxGrowth.days, comparison.measure === 'gzip-estimate');
    if (!found)
        return undefined;
    const growth = found[metric];
    const which = found.reachesBack ? 'report' : 'oldest report';
    const shorter = found.reachesBack
        ? ''
        : `; its history is shorter than ${dayText(maxGrowth.days)}`;
    const since = `since the base branch's ${which} of ${found.from.createdAt.slice(0, 10)} (${found.from.commit.slice(0, 7) || 'no commit'}, ${dayText(found.age)} before${shorter})`;
    const limit = `${limitText(maxGrowth.limit)} in ${dayText(maxGrowth.days)}`;
    const name = 'max-growth';
    const change = changeText(growth.delta ?? 0, growth.percent);
    if (caveatFor(comparison, metric))
        return {
            text: `${since} it changed by ${change}, not judged against the ${name}`,
            exceeded: false
        };
    const exceeded = crossesIncrease(growth.delta ?? 0, growth.percent, maxGrowth.limit);
    return {
        text: `${since} it changed by ${change}, ${exceeded ? 'over' : 'within'} the ${name} of ${limit}`,
        exceeded
    };
}
/** The gate's verdict on one target, as one sentence. A missing baseline never fails max-increase. */
function judge(comparison, gate) {
    const { target } = comparison;
    const size = metricOf(comparison, gate.metric);
    const metric = `${gate.metric} size`;
    if (comparison.status === 'removed' || size.head === null) {
        return { target, exceeded: false, sentence: `${target} is no longer built.` };
    }
    const parts = [];
    let exceeded = false;
    const caveat = caveatFor(comparison, gate.metric);
    if (comparison.status === 'compared' && size.delta !== null && caveat) {
        // A change that may come from elsewhere is shown, never gated.
        const growth = growthSentence(target, size.delta, size.percent, undefined);
        parts.push(`${growth.text}, not judged against the max-increase: ${caveat}`);
    }
    else if (comparison.status === 'compared' && size.delta !== null) {
        const growth = growthSentence(target, size.delta, size.percent, gate.maxIncrease);
        parts.push(growth.text);
        exceeded ||= growth.exceeded;
    }
    else if (comparison.status === 'new') {
        parts.push(`${target} is a new target at ${formatBytes(size.head)}`);
    }
    else {
        parts.push(`${target} is ${formatBytes(size.head)}, with no baseline to compare with`);
    }
    if (gate.maxSize !== undefined) {
        const over = size.head > gate.maxSize;
        exceeded ||= over;
        parts.push(over
            ? `its ${metric} of ${formatBytes(size.head)} is over the max-size of ${formatBytes(gate.maxSize)}`
            : `${formatBytes(size.head)} is within the max-size of ${formatBytes(gate.maxSize)}`);
    }
    for (const part of [
        ownPart(comparison, gate.metric, gate.maxOwnIncrease),
        creepPart(comparison, gate.metric, gate.maxGrowth),
        updatePart(comparison, gate.maxUpdate)
    ]) {
        if (!part)
            continue;
        parts.push(part.text);
        exceeded ||= part.exceeded;
    }
    return { target, exceeded, sentence: `${parts.join('; ')}.` };
}
function judgeAll(comparisons, gate) {
    return comparisons.map(comparison => judge(comparison, gate));
}
/** With the accept label on the PR, every crossing passes, and its sentence says who accepted it. */
function acceptCrossings(verdicts, acceptance) {
    if (!acceptance)
        return verdicts;
    const who = acceptance.by ? ` by @${acceptance.by}` : '';
    return verdicts.map(verdict => verdict.exceeded
        ? {
            ...verdict,
            exceeded: false,
            accepted: true,
            sentence: `${verdict.sentence} Accepted${who} with the label ${acceptance.label}.`
        }
        : verdict);
}

;// CONCATENATED MODULE: ./src/report/fix-text.ts

/**
 * `saves 12.3 MB compressed, 40.1 MB on disk (measured by a build); same files,
 * owners and modes, and removes …`, or why it is not verified.
 */
function savingText(outcome) {
    if (!outcome.saving)
        return `not verified: ${outcome.unverified ?? 'not built'}`;
    const { compressedBytes, uncompressedBytes } = outcome.saving;
    const removes = outcome.removes ? `; ${outcome.removes}` : '';
    return `saves ${formatBytes(compressedBytes)} compressed, ${formatBytes(uncompressedBytes)} on disk (measured by a build)${removes}`;
}
const count = (value) => value.toLocaleString('en-US');
const plural = (value, word) => `${count(value)} ${word}${value === 1 ? '' : 's'}`;
/** Base packages a text names; the rest are counted. */
const NAMED_BASE_PACKAGES = 5;
/** `same files, owners and modes; removes 12 dev packages (typescript 5.6.3, …) and 1,204 files under /root/.npm`. */
function removalText(facts) {
    const parts = [];
    const { devPackages } = facts;
    if (devPackages.count > 0) {
        const more = devPackages.count > devPackages.largest.length ? ', …' : '';
        const named = devPackages.largest.length > 0 ? ` (${devPackages.largest.join(', ')}${more})` : '';
        parts.push(`${plural(devPackages.count, 'dev package')}${named}`);
    }
    for (const removed of facts.removed) {
        if (removed.change === 'caches')
            parts.push(`${plural(removed.files, 'file')} under /${removed.folder}`);
        if (removed.change === 'base-files') {
            const names = facts.basePackages.slice(0, NAMED_BASE_PACKAGES);
            const more = facts.basePackages.length > names.length ? ', …' : '';
            const packages = names.length > 0
                ? ` (${plural(facts.basePackages.length, 'package')}: ${names.join(', ')}${more})`
                : '';
            parts.push(`${plural(removed.files, 'file')} of the base image${packages}`);
        }
    }
    const same = 'same files, owners and modes';
    return parts.length > 0 ? `${same}; removes ${joinWords(parts)}` : same;
}
/** `a`, `a and b`, `a, b and c`. */
function joinWords(parts) {
    return parts.length <= 1
        ? parts.join('')
        : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
/** Differences a text names; the rest are counted. */
const NAMED_DIFFERENCES = 3;
/** `/app: owner 1001:1001 → 0:0; /app/a.js: removed, and 8 more`. */
function differencesText(differences, total) {
    const named = differences.slice(0, NAMED_DIFFERENCES);
    const more = total - named.length;
    return `${named.join('; ')}${more > 0 ? `, and ${count(more)} more` : ''}`;
}
/** Lines `a`–`b` of a Dockerfile, or the one line. */
const linesText = (line, endLine) => endLine > line ? `${line}-${endLine}` : `${line}`;
/** Whether the report has any fix to show. */
const hasFixes = (fixes) => fixes !== null && fixes.list.length > 0;
/** `1 fix`, `3 fixes`. */
const fixesText = (count) => `${count} fix${count === 1 ? '' : 'es'}`;

;// CONCATENATED MODULE: ./src/report/fix-comment.ts


/** A fenced block that no run of backticks in `text` (from a Dockerfile) can close early. */
function fenced(text, language) {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map(match => match[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}${language}\n${text.replace(/\n$/, '')}\n${fence}`;
}
/**
 * The fixes of a target's Dockerfile: each with its lines, what a build of it
 * saved (or why it is not verified) and its diff; then all of them together.
 * `suggested` lists the lines already offered as review suggestions.
 */
function fixDetails(comparison, suggested = new Set()) {
    const { head } = comparison;
    const fixes = head?.fixes ?? null;
    if (!head || !hasFixes(fixes))
        return [];
    const label = escapeText(head.dockerfile || 'Dockerfile');
    const verified = fixes.list.filter(fix => fix.saving);
    const items = fixes.list.flatMap(fix => [
        `- **${escapeText(fix.title)}** (${label}:${linesText(fix.line, fix.endLine)}): ${escapeText(savingText(fix))}${suggested.has(fix.line) ? ' — suggested on the line in this PR' : ''}`,
        '',
        fenced(fix.diff, 'diff'),
        ''
    ]);
    const together = fixes.together.rules.length > 1
        ? [
            `All ${fixes.together.rules.length} that go together: ${escapeText(savingText(fixes.together))}`,
            ''
        ]
        : [];
    return [
        `<details><summary>${htmlText(comparison.target)}: ${fixesText(fixes.list.length)} for the Dockerfile${verified.length > 0 ? `, ${verified.length} verified by a build` : ''}</summary>`,
        '',
        ...items,
        ...together,
        '</details>',
        ''
    ];
}

;// CONCATENATED MODULE: ./src/report/packages.ts
/** Enough packages for any image's change, few enough that a report of thousands stays small. */
const MAX_PACKAGES = 2000;
/** A package whose size moved less than this is the same package: timestamps, pyc files. */
const MIN_GROWTH = 10_000;
/** The report's packages: counts by ecosystem, and the largest packages. */
function packagesReport(packages) {
    const byEcosystem = new Map();
    for (const item of packages) {
        const totals = byEcosystem.get(item.ecosystem) ?? { packages: 0, bytes: 0 };
        totals.packages += 1;
        totals.bytes += item.bytes;
        byEcosystem.set(item.ecosystem, totals);
    }
    return {
        ecosystems: [...byEcosystem].map(([ecosystem, totals]) => ({ ecosystem, ...totals })),
        list: [...packages].sort((a, b) => b.bytes - a.bytes).slice(0, MAX_PACKAGES)
    };
}
const packages_keyOf = (item) => `${item.ecosystem}\0${item.name}`;
/**
 * The smallest package a report may have left out of its list: a package missing
 * from one side's list may just be smaller than that.
 */
function unlistedBelow(packages) {
    const listed = packages.list.length;
    const all = packages.ecosystems.reduce((sum, ecosystem) => sum + ecosystem.packages, 0);
    return listed >= all || listed === 0 ? 0 : packages.list[listed - 1].bytes;
}
function kindOf(before, after, delta) {
    if (!before)
        return 'added';
    if (!after)
        return 'removed';
    if (before.versions.join() !== after.versions.join())
        return 'upgraded';
    if (Math.abs(delta) < MIN_GROWTH)
        return undefined;
    return delta > 0 ? 'grown' : 'shrunk';
}
/**
 * What changed by package: added, removed, upgraded (another version) and grown
 * or shrunk, the largest change first. Empty when either report has no packages.
 */
function packageChanges(base, head) {
    if (!base.packages || !head.packages)
        return [];
    const lineOf = (report, layer) => report.layers[layer]?.line || null;
    const before = new Map(base.packages.list.map(item => [packages_keyOf(item), item]));
    const after = new Map(head.packages.list.map(item => [packages_keyOf(item), item]));
    const [baseUnlisted, headUnlisted] = [unlistedBelow(base.packages), unlistedBelow(head.packages)];
    const changes = [];
    for (const key of new Set([...before.keys(), ...after.keys()])) {
        const [was, is] = [before.get(key), after.get(key)];
        // Missing from a list that leaves small packages out: not known to be gone.
        if ((!was && (is?.bytes ?? 0) <= baseUnlisted) || (!is && (was?.bytes ?? 0) <= headUnlisted))
            continue;
        const delta = (is?.bytes ?? 0) - (was?.bytes ?? 0);
        const kind = kindOf(was, is, delta);
        const item = (is ?? was);
        if (!kind)
            continue;
        changes.push({
            ecosystem: item.ecosystem,
            name: item.name,
            kind,
            before: was?.versions ?? [],
            after: is?.versions ?? [],
            delta,
            bytes: item.bytes,
            line: lineOf(is ? head : base, item.layer),
            dev: item.dev
        });
    }
    return changes.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.name.localeCompare(b.name));
}
/** Versions as a reader says them: `5.6.3`, or `2.1.2, 2.1.3` for copies of several. */
const versionsText = (versions) => versions.join(', ');
/** `4.3.4 → 4.3.5` for an upgrade; else the versions there are (the base's, for a package removed). */
function versionChangeText(change) {
    if (change.kind === 'upgraded')
        return `${versionsText(change.before)} → ${versionsText(change.after)}`;
    return versionsText(change.after.length > 0 ? change.after : change.before);
}

;// CONCATENATED MODULE: ./src/report/package-comment.ts



/** Changes shown per ecosystem; the rest are counted in one line. */
const PER_ECOSYSTEM = 8;
const ECOSYSTEM_NAMES = {
    npm: 'npm',
    python: 'Python',
    deb: 'Debian',
    apk: 'Alpine',
    go: 'Go modules',
    java: 'Java'
};
function changeItem(change, dockerfile) {
    const notes = [
        change.kind === 'grown' || change.kind === 'shrunk' ? '' : change.kind,
        change.dev ? 'dev' : '',
        change.line ? `${escapeText(dockerfile)}:${change.line}` : ''
    ].filter(Boolean);
    const size = change.delta === 0 ? '' : ` ${changeText(change.delta, null)}`;
    return `- ${code(change.name)} ${escapeText(versionChangeText(change))}${size}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}
/** What the changes add up to, for a summary line: `2 added, 1 upgraded`. */
function countsText(changes) {
    const kinds = ['added', 'removed', 'upgraded', 'grown', 'shrunk'];
    return kinds
        .map(kind => [kind, changes.filter(change => change.kind === kind).length])
        .filter(([, count]) => count > 0)
        .map(([kind, count]) => `${count} ${kind}`)
        .join(', ');
}
/** A target's change by package, per ecosystem, largest first, folded like the path list. */
function packageDetails(comparison) {
    const { base, head } = comparison;
    if (!base || !head)
        return [];
    const changes = packageChanges(base, head);
    if (changes.length === 0)
        return [];
    const total = changes.reduce((sum, change) => sum + change.delta, 0);
    const ecosystems = [...new Set(changes.map(change => change.ecosystem))];
    const sections = ecosystems.flatMap(ecosystem => {
        const mine = changes.filter(change => change.ecosystem === ecosystem);
        const rest = mine.slice(PER_ECOSYSTEM);
        const restDelta = rest.reduce((sum, change) => sum + change.delta, 0);
        return [
            `**${ECOSYSTEM_NAMES[ecosystem]}**`,
            '',
            ...mine.slice(0, PER_ECOSYSTEM).map(change => changeItem(change, head.dockerfile)),
            ...(rest.length > 0 ? [`- and ${rest.length} more (${changeText(restDelta, null)})`] : []),
            ''
        ];
    });
    return [
        `<details><summary>${htmlText(comparison.target)}: what changed by package, ${countsText(changes)} (${changeText(total, null)})</summary>`,
        '',
        ...sections,
        "<sub>Bytes are each package's own files, uncompressed; a Go module is part of its binary's bytes.</sub>",
        '',
        '</details>',
        ''
    ];
}

;// CONCATENATED MODULE: ./src/report/parts-text.ts


/** `a → b, +c` of one size, or `b, unchanged`. */
function sizeMove(size) {
    if (size.delta === null || size.base === null || size.head === null)
        return '';
    if (size.delta === 0)
        return `${formatBytes(size.head)}, unchanged`;
    return `${formatBytes(size.base)} → ${formatBytes(size.head)}, ${changeText(size.delta, size.percent)}`;
}
/**
 * The base image's part and the own layers' in one line: a changed base said once
 * (`node:20-slim → node:20: +870 MB`), then what the Dockerfile adds. `name` shows
 * an image's name (code in markdown: a Dockerfile's text is the PR's).
 */
function partsText(parts, metric, name) {
    const { base: from, head: to } = parts.baseImage;
    const named = (image) => name(image ?? 'unknown');
    const base = parts.base[metric];
    const unchanged = base.delta === 0 && from === to;
    const baseText = unchanged
        ? `base image ${named(to)} unchanged (${formatBytes(base.head ?? 0)})`
        : `base image ${from === to ? named(to) : `${named(from)} → ${named(to)}`}: ${changeText(base.delta ?? 0, base.percent)}`;
    return `${baseText}; own layers ${sizeMove(parts.own[metric])}`;
}

;// CONCATENATED MODULE: ./src/report/summary.ts


const LARGEST_LAYERS = 10;
const INSTRUCTION_WIDTH = 80;
function targetRow(report) {
    const { build } = report;
    const cells = [
        escapeText(report.target),
        formatBytes(report.compressedBytes),
        formatBytes(report.uncompressedBytes),
        String(report.layers.length),
        formatBytes(report.wastedBytes),
        formatDuration(build.durationMs),
        build.totalSteps > 0 ? `${build.cachedSteps}/${build.totalSteps}` : '–'
    ];
    return `| ${cells.join(' | ')} |`;
}
/** `, 2 hints`; nothing when there are none. */
const hintCount = (count) => count === 0 ? '' : `, ${count} hint${count === 1 ? '' : 's'}`;
function layerRow(report, layer) {
    const what = shorten(layerWords(layer), INSTRUCTION_WIDTH);
    const cells = [
        formatBytes(layer.uncompressedBytes),
        formatBytes(layer.compressedBytes),
        layer.line ? `${escapeText(report.dockerfile)}:${layer.line}` : '',
        escapeText(layer.stage),
        code(what)
    ];
    return `| ${cells.join(' | ')} |`;
}
function largestLayers(report) {
    const layers = [...report.layers]
        .sort((a, b) => b.uncompressedBytes - a.uncompressedBytes)
        .slice(0, LARGEST_LAYERS);
    return [
        `<details><summary>${htmlText(report.target)}: ${layers.length} largest layers${hintCount(report.hints.length)}</summary>`,
        '',
        '| Size | Compressed | Line | Stage | Instruction |',
        '|---:|---:|---|---|---|',
        ...layers.map(layer => layerRow(report, layer)),
        '',
        ...hintList(report),
        '</details>'
    ].join('\n');
}
/**
 * One hint as a list item: where, what to do, and what it saves. The message is
 * escaped too: in mode comment, a report (and its hints) come from a PR's artifact.
 */
function hintItem(report, hint) {
    const where = hint.line ? `${escapeText(report.dockerfile)}:${hint.line}: ` : '';
    const saves = hint.bytes ? ` (${formatBytes(hint.bytes)})` : '';
    return `- ${where}${textWithCode(hint.message)}${saves}`;
}
function hintList(report) {
    if (report.hints.length === 0)
        return [];
    return ['**Hints**', '', ...report.hints.map(hint => hintItem(report, hint)), ''];
}
/** The job summary: a row per target, then each target's largest layers. */
function renderSummary(reports) {
    const estimate = reports.some(report => report.compressedSource === 'gzip-estimate');
    return [
        '## sizegate: image sizes',
        '',
        '| Target | Compressed | Uncompressed | Layers | Wasted | Build | Cached steps |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...reports.map(targetRow),
        '',
        estimate
            ? "<sub>Compressed: an estimate, each layer gzipped at level 6 as `gzip -6` does (Docker 28's own push of the classic store stores about 3% more). Uncompressed: the bytes of each layer's files and link targets.</sub>\n"
            : '',
        ...reports.map(largestLayers)
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/report/what-grew.ts
const GROUPS = 5;
const PARTS = 3;
/** A part is named when it moved at least this share of its folder's change. */
const PART_SHARE = 0.02;
/** Below this a change is noise: file metadata, timestamps in logs. */
const MIN_CHANGE = 10_000;
/** Follow a single child while it carries this share of its folder's change, up and down. */
const CARRIES = 0.8;
/** Folders (complete down to the summary's floor) and largest files, with their lines. */
function pathsOf(report) {
    const lineOf = (layer) => report.layers[layer]?.line ?? null;
    const paths = new Map();
    for (const folder of report.files.folders)
        paths.set(folder.path, { bytes: folder.bytes, line: lineOf(folder.layer) });
    for (const file of report.files.largestFiles)
        paths.set(file.path, { bytes: file.bytes, line: lineOf(file.layer) });
    return paths;
}
function parentOf(path) {
    const slash = path.lastIndexOf('/');
    return slash === -1 ? '' : path.slice(0, slash);
}
function changeOf(path, before, after) {
    const base = before?.bytes ?? 0;
    const head = after?.bytes ?? 0;
    const delta = head - base;
    const status = !before ? 'new' : !after ? 'gone' : delta > 0 ? 'grown' : 'shrunk';
    return { path, base, head, delta, status, line: (after ?? before)?.line ?? null };
}
/**
 * The size under which a file may be in the image and still missing from its
 * largest-files list: when the list holds fewer files than the image, only the largest.
 */
function what_grew_unlistedBelow(report) {
    const files = report.files.largestFiles;
    const all = files.length === 0 || files.length >= report.files.fileCount;
    return all ? 0 : files[files.length - 1].bytes;
}
/** Every path whose size changed, keyed by path. */
function changedPaths(base, head) {
    const before = pathsOf(base);
    const after = pathsOf(head);
    const folders = new Set([...base.files.folders, ...head.files.folders].map(folder => folder.path));
    const [baseUnlisted, headUnlisted] = [what_grew_unlistedBelow(base), what_grew_unlistedBelow(head)];
    const changes = new Map();
    for (const path of new Set([...before.keys(), ...after.keys()])) {
        const [was, is] = [before.get(path), after.get(path)];
        // A file missing from one side's list may just be smaller than that list's last.
        const unknown = !folders.has(path) &&
            ((!was && (is?.bytes ?? 0) <= baseUnlisted) || (!is && (was?.bytes ?? 0) <= headUnlisted));
        const change = changeOf(path, was, is);
        if (!unknown && Math.abs(change.delta) >= MIN_CHANGE)
            changes.set(path, change);
    }
    return changes;
}
function childrenOf(changes) {
    const children = new Map();
    for (const change of changes.values()) {
        const parent = parentOf(change.path);
        const list = children.get(parent);
        if (list)
            list.push(change);
        else
            children.set(parent, [change]);
    }
    for (const list of children.values())
        list.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
    return children;
}
/** Down from `change` while one child carries most of it: the most specific place that explains it. */
function what_grew_explain(change, children) {
    let current = change;
    for (;;) {
        const parts = children.get(current.path) ?? [];
        const [largest] = parts;
        // Parts that grew and parts that shrank both count: a swap is explained one level up.
        const gross = parts.reduce((sum, part) => sum + Math.abs(part.delta), 0);
        const share = CARRIES * Math.max(Math.abs(current.delta), gross);
        const sameWay = largest && Math.sign(largest.delta) === Math.sign(current.delta);
        if (!sameWay || Math.abs(largest.delta) < share)
            return current;
        current = largest;
    }
}
/**
 * What grew, shrank, appeared or vanished between two images, by path: the few
 * folders that explain the change, each with the parts of it that changed most.
 * Folders under the reports' floor are not tracked.
 */
function whatGrew(base, head) {
    const changes = changedPaths(base, head);
    const children = childrenOf(changes);
    const seen = new Set();
    const groups = [];
    for (const top of children.get('') ?? []) {
        const place = what_grew_explain(top, children);
        if (seen.has(place.path))
            continue;
        seen.add(place.path);
        const parts = (children.get(place.path) ?? [])
            .filter(part => Math.abs(part.delta) >= PART_SHARE * Math.abs(place.delta))
            .slice(0, PARTS);
        groups.push({ ...place, parts });
    }
    return groups.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta)).slice(0, GROUPS);
}

;// CONCATENATED MODULE: ./src/report/comment.ts









/** GitHub refuses comment bodies longer than this. */
const COMMENT_LIMIT = 65_536;
// A check's page is Docker's: a link anywhere else (a report from a fork) is shown as text.
const CHECK_DOCS = /^https:\/\/docs\.docker\.com\/[A-Za-z0-9/_.#-]*$/;
function checkLine(target, dockerfile, check) {
    const rule = check.url && CHECK_DOCS.test(check.url)
        ? `[${escapeText(check.rule)}](${check.url})`
        : escapeText(check.rule);
    return `- ${code(dockerfile)} line ${check.line ?? '?'} (${escapeText(target)}): **${rule}**: ${escapeText(check.message)}`;
}
/** The build checks on lines this PR changed, open: they are about what the PR wrote. */
function checkDetails(changed = []) {
    const lines = changed.flatMap(({ target, dockerfile, checks }) => checks.map(check => checkLine(target, dockerfile, check)));
    if (lines.length === 0)
        return [];
    const title = `${lines.length} Dockerfile ${lines.length === 1 ? 'check' : 'checks'} on lines this PR changed`;
    return [`<details open><summary>⚠️ ${title}</summary>`, '', ...lines, '', '</details>', ''];
}
const WHAT_WIDTH = 90;
function markerComment(marker) {
    return `<!-- ${marker} -->`;
}
/** An emoji for the size of a change; 🆘 when the gate failed. */
function changeEmoji(percent, exceeded) {
    if (exceeded)
        return '🆘';
    if (percent === null)
        return '';
    if (percent > 10)
        return '🔴';
    if (percent > 1)
        return '🟠';
    if (percent > 0)
        return '🟡';
    if (percent < 0)
        return '🟢';
    return '⚪';
}
function sizeCell(bytes) {
    return bytes === null ? '–' : formatBytes(bytes);
}
function comment_targetRow(comparison, verdict, metric) {
    const size = metricOf(comparison, metric);
    const labels = {
        compared: '',
        new: 'new target',
        removed: 'removed',
        'no-baseline': 'no baseline'
    };
    const change = size.delta === null
        ? labels[comparison.status]
        : `${changeText(size.delta, size.percent)} ${changeEmoji(size.percent, verdict?.exceeded ?? false)}`.trim();
    const exceeded = verdict?.exceeded && size.delta === null ? ' 🆘' : '';
    return `| ${escapeText(comparison.target)} | ${sizeCell(size.base)} | ${sizeCell(size.head)} | ${change}${exceeded} | ${updateCell(comparison.update)} |`;
}
/**
 * Each image split into its base image's part and the layers its Dockerfile adds:
 * a changed base said once, as a decision of its own, then the own part's change.
 */
function partLines(comparisons, metric) {
    const lines = comparisons.flatMap(({ target, parts }) => parts ? [`- ${escapeText(target)}: ${partsText(parts, metric, code)}`] : []);
    return lines.length > 0 ? [...lines, ''] : [];
}
/** The update, short enough for a table cell: `≈10.6 MB (2/4 shared)` (≈ for an estimate). */
function updateCell(update) {
    if (!update)
        return '–';
    if (!update.known)
        return 'unknown';
    const about = update.estimated ? '≈' : '';
    return `${about}${formatBytes(update.bytes)} (${update.sharedLayers}/${update.layers} shared)`;
}
/** What the Update column counts, and why a target's is unknown. */
function updateLine(comparisons, baseLabel) {
    const updates = comparisons.flatMap(comparison => comparison.update ?? []);
    if (updates.length === 0)
        return '';
    const unknown = comparisons.flatMap(({ target, update }) => update && !update.known ? [`${escapeText(target)}: ${escapeText(update.reason)}`] : []);
    const byContent = updates.some(update => update.known && update.matchedBy === 'content');
    return [
        ` Update: what a host that runs ${code(baseLabel)}'s image downloads for this PR's, the compressed layers it lacks, and how many of this image's layers it holds already`,
        byContent ? ' (layers matched by their contents where a side has no blob digests)' : '',
        unknown.length > 0 ? `; unknown for ${unknown.join(', ')}` : '',
        '.'
    ].join('');
}
/** A layer's change in bytes, an added layer counting all it holds and a removed one all it held. */
function signedChange(size) {
    return size.delta ?? (size.head ?? 0) - (size.base ?? 0);
}
/**
 * A link to a Dockerfile line in the PR's head commit; none for a path that could
 * leave the repository (in mode comment the path comes from an artifact).
 */
function lineLink(blobUrl, dockerfile, line) {
    const segments = dockerfile.split('/');
    if (!blobUrl || segments.some(segment => segment === '..' || segment === ''))
        return null;
    const path = segments
        .map(segment => encodeURIComponent(segment).replace(/\(/g, '%28').replace(/\)/g, '%29'))
        .join('/');
    return `${blobUrl}${path}#L${line}`;
}
function comment_layerRow(change, dockerfile, metric, blobUrl) {
    const size = metric === 'compressed' ? change.compressed : change.uncompressed;
    const line = change.headLine ?? change.baseLine ?? 0;
    const label = `${escapeText(dockerfile)}:${line}`;
    const link = change.headLine ? lineLink(blobUrl, dockerfile, change.headLine) : null;
    // Line 0: an image measured without its Dockerfile.
    const where = link ? `[${label}](${link})` : line ? label : '';
    const delta = signedChange(size);
    const status = change.status === 'added' || change.status === 'removed' ? ` (${change.status})` : '';
    const what = change.instruction === 'FROM' ? change.what : (change.source ?? change.what);
    const cells = [
        `${where} ${code(shorten(what, WHAT_WIDTH))}`,
        escapeText(change.stage),
        sizeCell(size.base),
        sizeCell(size.head),
        `${changeText(delta, size.percent)}${status}`
    ];
    return `| ${cells.join(' | ')} |`;
}
/** Changed layers of one target, largest change first, at most `rows` of them. */
function layerDetails(comparison, metric, rows, blobUrl) {
    const changed = comparison.layers
        .filter(layer => layer.status !== 'unchanged')
        .sort((a, b) => Math.abs(signedChange(b.uncompressed)) - Math.abs(signedChange(a.uncompressed)));
    if (changed.length === 0 || !comparison.head)
        return [];
    const shown = changed.slice(0, rows);
    const more = changed.length - shown.length;
    return [
        `<details><summary>${htmlText(comparison.target)}: ${changed.length} layer${changed.length === 1 ? '' : 's'} changed</summary>`,
        '',
        ...(shown.length > 0
            ? [
                '| Layer | Stage | Base | This PR | Change |',
                '|---|---|---:|---:|---:|',
                ...shown.map(layer => comment_layerRow(layer, comparison.head?.dockerfile ?? 'Dockerfile', metric, blobUrl))
            ]
            : []),
        ...(more > 0
            ? ['', `…and ${more} more, left out to keep this comment under GitHub's size limit.`]
            : []),
        '',
        '</details>',
        ''
    ];
}
/** A path's change: size, new or gone, and the line that wrote it. */
function pathChange(change, name, dockerfile) {
    const notes = [
        change.status === 'new' || change.status === 'gone' ? change.status : '',
        change.line ? `${escapeText(dockerfile)}:${change.line}` : ''
    ].filter(Boolean);
    return `${code(name)} ${changeText(change.delta, null)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}
/** The folders that explain a target's change, each with the parts of it that changed most. */
function whatGrewDetails(comparison) {
    const { base, head } = comparison;
    if (!base || !head)
        return [];
    const groups = whatGrew(base, head);
    if (groups.length === 0)
        return [];
    const [first] = groups;
    const floor = Math.max(base.files.floor, head.files.floor);
    const lines = groups.map(group => {
        const parts = group.parts.map(part => pathChange(part, part.path.slice(group.path.length + 1), head.dockerfile));
        return `- ${pathChange(group, `/${group.path}`, head.dockerfile)}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
    });
    return [
        `<details><summary>${htmlText(comparison.target)}: what changed by path, most in ${htmlText(`/${first.path}`)} (${changeText(first.delta, null)})</summary>`,
        '',
        ...lines,
        '',
        `<sub>Sizes by path are uncompressed, as the files lie on disk; folders under ${formatBytes(floor)} are not tracked.</sub>`,
        '',
        '</details>',
        ''
    ];
}
function age(createdAt, now) {
    const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(createdAt)) / 60_000));
    if (minutes < 60)
        return `${minutes} min ago`;
    const hours = Math.round(minutes / 60);
    return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}
function baselineLine(input) {
    const { baseline, baseLabel, now } = input;
    if (!baseline && input.comparisons.every(comparison => comparison.status === 'new')) {
        return `${code(baseLabel)} has none of these images: they are new in this pull request.`;
    }
    if (!baseline) {
        return `No baseline of ${code(baseLabel)} was found, so nothing is compared: run sizegate on pushes to ${code(baseLabel)} to record one.`;
    }
    const when = age(baseline.createdAt, now);
    const how = {
        cache: `recorded ${when}`,
        build: `built for this comparison ${when}`,
        artifact: `reported by the pull request's own run ${when}; the cache has no report of it, so it is not checked`,
        image: 'measured in this run'
    }[baseline.source];
    // A commit, or an image's digest (input baseline-image).
    const at = baseline.source === 'image'
        ? baseline.sha.replace(/^sha256:/, '').slice(0, 12)
        : baseline.sha.slice(0, 7);
    const text = `Baseline: ${code(baseline.ref)} at ${code(at)}, ${how}.`;
    if (baseline.expectedSha && baseline.expectedSha !== baseline.sha) {
        return `${text} ⚠️ This is not the PR's base commit ${code(baseline.expectedSha.slice(0, 7))}: it is the newest report of ${code(baseline.ref)}.`;
    }
    return text;
}
const MEASURE_TEXT = {
    stored: 'Compressed sizes: the stored blobs (registry or image archive) on both sides.',
    'gzip-estimate': "Compressed sizes: estimated on both sides, each layer gzipped at level 6 as `gzip -6` does; Docker 28's own push (classic image store) stores about 3% more.",
    mixed: 'Compressed sizes: counted differently on the two sides, so their change is not judged.'
};
/** Which compressed measure the table compares; nothing when it compares uncompressed sizes. */
function measureLine(comparisons, metric) {
    if (metric !== 'compressed')
        return '';
    const measures = new Set(comparisons.flatMap(comparison => comparison.measure ?? []));
    return [...measures].map(measure => ` ${MEASURE_TEXT[measure]}`).join('');
}
/** Who accepted the crossings, and when; nothing unless a crossing was accepted. */
function acceptanceLines(input) {
    const { acceptance } = input;
    if (!acceptance || !input.verdicts.some(verdict => verdict.accepted))
        return [];
    const who = acceptance.by ? `@${escapeText(acceptance.by)}` : 'A reviewer';
    const when = acceptance.at
        ? ` on ${escapeText(acceptance.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}`
        : '';
    return [
        `✅ ${who} accepted the size increase with the label ${code(acceptance.label)}${when}.`,
        ''
    ];
}
function hintDetails(comparisons) {
    const lines = comparisons.flatMap(({ head }) => head
        ? head.hints.map(hint => hintItem(head, hint).replace(/^- /, `- ${escapeText(head.target)}: `))
        : []);
    if (lines.length === 0)
        return [];
    return [
        `<details><summary>${lines.length} hint${lines.length === 1 ? '' : 's'} to make the image smaller</summary>`,
        '',
        ...lines,
        '',
        '</details>',
        ''
    ];
}
function render(input, layerRows, withHints) {
    const verdictOf = new Map(input.verdicts.map(verdict => [verdict.target, verdict]));
    const failed = input.verdicts.some(verdict => verdict.exceeded);
    return [
        markerComment(input.marker),
        `### ${failed ? '🆘' : '📦'} sizegate: image size (${input.metric})`,
        '',
        `| Target | ${escapeText(input.baseLabel)} | this PR | Change | Update |`,
        '|---|---:|---:|---:|---:|',
        ...input.comparisons.map(comparison => comment_targetRow(comparison, verdictOf.get(comparison.target), input.metric)),
        '',
        ...input.verdicts.map(verdict => `${verdict.exceeded ? '**Size limit crossed:** ' : verdict.accepted ? '**Accepted:** ' : ''}${escapeText(verdict.sentence)}`),
        '',
        ...acceptanceLines(input),
        ...partLines(input.comparisons, input.metric),
        ...input.comparisons.flatMap(comparison => [
            ...whatGrewDetails(comparison),
            ...packageDetails(comparison),
            ...trendDetails(comparison, input.metric, input.baseLabel, input.maxGrowth),
            ...layerDetails(comparison, input.metric, layerRows, input.blobUrl)
        ]),
        ...(withHints
            ? input.comparisons.flatMap(comparison => fixDetails(comparison, input.suggested?.get(comparison.target)))
            : []),
        ...checkDetails(input.changedChecks),
        ...(withHints ? hintDetails(input.comparisons) : []),
        `<sub>${baselineLine(input)}${measureLine(input.comparisons, input.metric)}${updateLine(input.comparisons, input.baseLabel)}</sub>`,
        ''
    ].join('\n');
}
/**
 * The PR comment (also the job summary). It stays under GitHub's limit by showing
 * fewer layer rows, then no hints: whole rows go, never half a table.
 */
function renderComment(input, limit = COMMENT_LIMIT) {
    const most = Math.max(0, ...input.comparisons.map(comparison => comparison.layers.length));
    for (let rows = most;; rows = Math.floor(rows / 2)) {
        const body = render(input, rows, true);
        if (body.length <= limit)
            return body;
        if (rows === 0)
            break;
    }
    return render(input, 0, false);
}

;// CONCATENATED MODULE: ./src/github/comment.ts



async function viewerLogin(octokit) {
    try {
        const answer = await octokit.graphql('query { viewer { login } }');
        return answer.viewer.login;
    }
    catch {
        return undefined;
    }
}
/**
 * The token's own identity. Personal tokens read `GET /user`; GITHUB_TOKEN and App
 * installation tokens are refused there, and GraphQL's viewer may name their bot.
 */
async function ownAuthor(octokit, delays) {
    try {
        const { data } = await withRetry(() => octokit.rest.users.getAuthenticated(), delays);
        return { login: data.login };
    }
    catch (error) {
        if (statusOf(error) !== 403 && statusOf(error) !== 404)
            throw error;
    }
    const login = await viewerLogin(octokit);
    return login ? { login } : { bot: true };
}
/** Whether a comment's user is the token's own (any bot, when the token cannot say who it is). */
function writtenBy(author, user) {
    return 'login' in author ? user?.login === author.login : user?.type === 'Bot';
}
async function findOwnComment(octokit, place, marker, author, delays) {
    const comments = await withRetry(() => octokit.paginate(octokit.rest.issues.listComments, {
        owner: place.owner,
        repo: place.repo,
        issue_number: place.issueNumber,
        per_page: 100
    }), delays);
    const tag = markerComment(marker);
    return comments.find(comment => writtenBy(author, comment.user) && comment.body?.includes(tag));
}
/**
 * Keeps one comment per marker up to date: the token's own comment carrying the
 * marker is updated in place, else one is created. Any failure is a warning.
 */
async function upsertComment(octokit, place, marker, body, options) {
    const delays = options.retryDelaysMs;
    try {
        const author = await ownAuthor(octokit, delays);
        const existing = await findOwnComment(octokit, place, marker, author, delays);
        if (!existing && options.updateOnly)
            return { url: null, action: 'skipped' };
        const repo = { owner: place.owner, repo: place.repo };
        // Both answer with the comment; only its address is read.
        const write = existing
            ? () => octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body })
            : () => octokit.rest.issues.createComment({ ...repo, issue_number: place.issueNumber, body });
        const { data } = await withRetry(write, delays);
        const action = existing ? 'updated' : 'created';
        log/* log */.Rm.info(`The size comment is ${action}: ${data.html_url}`);
        return { url: data.html_url, action };
    }
    catch (error) {
        log/* log */.Rm.warning(`Could not comment on pull request #${place.issueNumber}: ${explain(error, 'pull-requests: write')} The comment is in the job summary and the comment-body output.`);
        return { url: null, action: 'failed' };
    }
}

;// CONCATENATED MODULE: ./src/github/diff-lines.ts
/** Each line of the new file a diff's hunks show, and whether the diff added it. */
function newSideLines(patch) {
    const lines = [];
    let next = 0;
    for (const text of (patch ?? '').split('\n')) {
        const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
        if (hunk)
            next = Number(hunk[1]);
        // A context line starts with a space: an empty string is the patch's end.
        else if (next > 0 && text !== '' && !text.startsWith('-') && !text.startsWith('\\'))
            lines.push({ line: next++, added: text.startsWith('+') });
    }
    return lines;
}
/**
 * The lines of the new file a pull request's diff shows for one file (its
 * `patch`, as the API lists it): the added and unchanged lines of every hunk,
 * where a review comment may sit on the RIGHT side.
 */
function rightSideLines(patch) {
    return new Set(newSideLines(patch).map(({ line }) => line));
}
/** The lines a pull request added or changed in one file, by their number in the new file. */
function addedLines(patch) {
    return new Set(newSideLines(patch).flatMap(({ line, added }) => (added ? [line] : [])));
}

;// CONCATENATED MODULE: ./src/github/review.ts










const MARKER = 'sizegate-fix:';
/** The same fix of the same lines of the same image is one marker: a later push finds it again. */
function markerOf(report, rule, line, lines) {
    const key = [identityKey(report), rule, line, ...lines].join('\n');
    return markerComment(`${MARKER}${(0,external_node_crypto_.createHash)('sha256').update(key).digest('hex').slice(0, 16)}`);
}
/** Each verified fix whose lines all lie in the PR's diff of its Dockerfile. */
function suggestionsOf(reports, patches) {
    return reports.flatMap(report => {
        const path = report.dockerfile;
        if (!report.fixes || !patches.has(path))
            return [];
        const inDiff = rightSideLines(patches.get(path));
        return report.fixes.list
            .filter(fix => fix.saving)
            .filter(fix => Array.from({ length: fix.endLine - fix.line + 1 }, (_, at) => fix.line + at).every(line => inDiff.has(line)))
            .map(fix => {
            const marker = markerOf(report, fix.rule, fix.line, fix.suggestion);
            const body = [
                `**sizegate**: ${escapeText(fix.title)}. A build of the Dockerfile with this change ${savingText(fix)}.`,
                '',
                fenced(fix.suggestion.join('\n'), 'suggestion'),
                marker
            ].join('\n');
            return { target: report.target, path, line: fix.line, endLine: fix.endLine, marker, body };
        });
    });
}
/** The files a pull request changes, with their diffs. */
async function pullRequestPatches(octokit, place, delays) {
    const pull = { owner: place.owner, repo: place.repo, pull_number: place.issueNumber };
    const files = await withRetry(() => octokit.paginate(octokit.rest.pulls.listFiles, { ...pull, per_page: 100 }), delays);
    return new Map(files.map(file => [file.filename, file.patch]));
}
/** Each image's BuildKit checks on lines the pull request added or changed in its Dockerfile. */
function checksOnChangedLines(reports, patches) {
    return reports.flatMap(report => {
        if (!patches.has(report.dockerfile))
            return [];
        const changed = addedLines(patches.get(report.dockerfile));
        const checks = report.buildChecks.filter(check => check.line !== null && changed.has(check.line));
        return checks.length > 0
            ? [{ target: report.target, dockerfile: report.dockerfile, checks }]
            : [];
    });
}
function addLine(suggested, suggestion) {
    suggested.set(suggestion.target, (suggested.get(suggestion.target) ?? new Set()).add(suggestion.line));
}
/** One write to the API; a refusal or failure is a warning, and the rest goes on. */
async function tryCall(call, delays, what) {
    try {
        await withRetry(call, delays);
        return true;
    }
    catch (error) {
        log/* log */.Rm.warning(`${what}: ${explain(error, 'pull-requests: write')}`);
        return false;
    }
}
/**
 * Offers each verified fix of lines the pull request changed as a review comment
 * with a suggested change, once: a suggestion already on the PR is not repeated,
 * and one no longer wanted (applied, or its lines changed) is deleted. Answers the
 * lines suggested, by target; a refusal or failure is a warning.
 */
async function suggestFixes(octokit, place, headSha, reports, patches, delays) {
    const suggested = new Map();
    const pull = { owner: place.owner, repo: place.repo, pull_number: place.issueNumber };
    try {
        const wanted = suggestionsOf(reports, patches);
        const author = await ownAuthor(octokit, delays);
        const existing = await withRetry(() => octokit.paginate(octokit.rest.pulls.listReviewComments, { ...pull, per_page: 100 }), delays);
        const ours = existing.filter(comment => writtenBy(author, comment.user) && comment.body.includes(MARKER));
        for (const comment of ours)
            if (!wanted.some(suggestion => comment.body.includes(suggestion.marker)))
                await tryCall(() => octokit.rest.pulls.deleteReviewComment({ ...pull, comment_id: comment.id }), delays, `Could not delete an outdated fix suggestion on pull request #${place.issueNumber}`);
        for (const suggestion of wanted) {
            if (ours.some(comment => comment.body.includes(suggestion.marker))) {
                addLine(suggested, suggestion);
                continue;
            }
            const range = suggestion.endLine > suggestion.line
                ? { start_line: suggestion.line, start_side: 'RIGHT' }
                : {};
            const posted = await tryCall(() => octokit.rest.pulls.createReviewComment({
                ...pull,
                commit_id: headSha,
                path: suggestion.path,
                body: suggestion.body,
                line: suggestion.endLine,
                side: 'RIGHT',
                ...range
            }), delays, `Could not suggest the fix of ${suggestion.path}:${suggestion.line} on pull request #${place.issueNumber}`);
            if (!posted)
                continue;
            addLine(suggested, suggestion);
            log/* log */.Rm.info(`Suggested a fix of ${suggestion.path}:${suggestion.line} on the pull request.`);
        }
    }
    catch (error) {
        log/* log */.Rm.warning(`Could not suggest fixes on pull request #${place.issueNumber}: ${explain(error, 'pull-requests: write')} The fixes are in the comment and the job summary.`);
    }
    return suggested;
}

;// CONCATENATED MODULE: ./src/github/status.ts



/** GitHub cuts a status description at this length. */
const DESCRIPTION_LIMIT = 140;
/** The gate's verdict in one status: failure with the first crossing, else success. */
function statusFor(verdicts) {
    const crossed = verdicts.find(verdict => verdict.exceeded);
    const description = crossed
        ? crossed.sentence
        : verdicts.length === 1
            ? verdicts[0].sentence
            : `${verdicts.length} images within their limits.`;
    return {
        state: crossed ? 'failure' : 'success',
        description: shorten(description, DESCRIPTION_LIMIT)
    };
}
/**
 * Puts the verdict on the PR's head commit. A `workflow_run` job's own check
 * belongs to the default branch, so this status is what can block a fork's PR.
 */
async function setCommitStatus(octokit, place, verdicts, delays) {
    const { state, description } = statusFor(verdicts);
    try {
        await withRetry(() => octokit.rest.repos.createCommitStatus({
            owner: place.owner,
            repo: place.repo,
            sha: place.sha,
            state,
            context: place.name,
            description,
            ...(place.targetUrl ? { target_url: place.targetUrl } : {})
        }), delays);
        log/* log */.Rm.info(`Commit status "${place.name}" on ${place.sha.slice(0, 7)}: ${state}.`);
    }
    catch (error) {
        log/* log */.Rm.warning(`Could not set the commit status "${place.name}": ${explain(error, 'statuses: write')}`);
    }
}

;// CONCATENATED MODULE: ./src/action/job-summary.ts


/** Appends to the job summary; outside a runner (no summary file) it says so and goes on. */
async function writeJobSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY) {
        log/* log */.Rm.info('No job summary file (GITHUB_STEP_SUMMARY is not set); the summary goes to the log:');
        log/* log */.Rm.info(markdown);
        return;
    }
    try {
        await core/* summary */.z.addRaw(markdown, true).write();
    }
    catch (error) {
        log/* log */.Rm.warning(`Could not write the job summary: ${error.message}`);
    }
}

;// CONCATENATED MODULE: ./src/report/evaluate.ts



/** Caveats on baselines that are not quite the head's base, by the head's identity. */
function caveatsOf(heads) {
    return new Map(heads.flatMap(file => {
        if (!file.baseline)
            return [];
        const { sha, expectedSha, untracked, report } = file.baseline;
        const caveat = baselineCaveat({ sha, expectedSha, untracked, buildArgs: report.buildArgs }, file.buildArgs);
        return caveat ? [[identityKey(file), caveat]] : [];
    }));
}
/**
 * Compares each head with its baseline (and says which images went), then judges:
 * the one evaluation behind the PR comment, the job summary and `sizegate diff`.
 */
function evaluate(heads, gate, accepted) {
    const bases = heads.flatMap(file => [
        ...(file.baseline ? [file.baseline.report] : []),
        ...file.removed
    ]);
    const newImages = new Set(heads.filter(file => file.newInPullRequest).map(identityKey));
    const comparisons = compareTargets(heads, bases, caveatsOf(heads), newImages);
    return { comparisons, verdicts: acceptCrossings(judgeAll(comparisons, gate), accepted) };
}

;// CONCATENATED MODULE: ./src/action/publish.ts
















/**
 * One comment per job (of the run that built the reports) and set of images (their
 * identities), so two jobs, or two legs of one matrix job, never fight over one comment.
 */
function commentMarker(files) {
    const targets = files.map(identityKey).sort();
    const identity = [files[0]?.job ?? '', ...targets].join('\n');
    return `sizegate:${(0,external_node_crypto_.createHash)('sha256').update(identity).digest('hex').slice(0, 12)}`;
}
function changed(comparisons, config) {
    return comparisons.some(comparison => comparison.status === 'new' ||
        comparison.status === 'removed' ||
        (metricOf(comparison, config.gate.metric).delta ?? 0) !== 0);
}
/** The pull request as the API addresses it; null when the run is about none. */
function pullRequestPlace(input) {
    const { context, pullRequest } = input;
    return pullRequest
        ? { owner: context.owner, repo: context.repo, issueNumber: pullRequest.number }
        : null;
}
async function comment(input, octokit, body, comparisons) {
    const { config } = input;
    const place = pullRequestPlace(input);
    if (config.comment === 'never' || !place) {
        if (config.comment === 'always' && !place)
            log/* log */.Rm.warning('comment: always, but this run is not about a pull request; nothing to comment on.');
        return { url: null, action: 'skipped' };
    }
    if (!octokit) {
        log/* log */.Rm.warning('github-token is empty, so the size comment cannot be posted; it is in the job summary and the comment-body output.');
        return { url: null, action: 'skipped' };
    }
    return upsertComment(octokit, place, commentMarker(input.files), body, {
        updateOnly: config.comment === 'on-change' && !changed(comparisons, config),
        retryDelaysMs: API_RETRY_DELAYS_MS
    });
}
/** Where the PR head's files are on GitHub; null when the repository is not known. */
function blobUrlOf(context, headSha) {
    if (!context.owner || !context.repo || !/^[0-9a-f]{40,64}$/.test(headSha))
        return null;
    return `${context.serverUrl}/${context.owner}/${context.repo}/blob/${headSha}/`;
}
/** The accept label, when one is configured and a reviewer put it on the PR. */
async function acceptance(input, octokit) {
    const label = input.config.allowIncreaseLabel;
    const place = pullRequestPlace(input);
    if (!label || !octokit || !place)
        return null;
    return findAcceptance(octokit, place, label, API_RETRY_DELAYS_MS);
}
/**
 * The PR's diff of the files it changes, where the PR is commented on; undefined
 * where it is not, or cannot be read (said in a warning).
 */
async function pullRequestDiff(input, octokit) {
    const place = pullRequestPlace(input);
    if (!octokit || !place || input.config.comment === 'never')
        return undefined;
    try {
        return await pullRequestPatches(octokit, place, API_RETRY_DELAYS_MS);
    }
    catch (error) {
        log/* log */.Rm.warning(`Could not read the files of pull request #${place.issueNumber}: ${explain(error, 'pull-requests: read')} No fix is suggested on its lines, and the comment does not pick out the build checks on them.`);
        return undefined;
    }
}
/** Verified fixes of lines the PR changed, offered as review suggestions where the PR is commented on. */
async function suggestions(input, octokit, patches) {
    const place = pullRequestPlace(input);
    if (!input.suggestFixes || !octokit || !place || !input.pullRequest || !patches)
        return new Map();
    return suggestFixes(octokit, place, input.pullRequest.headSha, input.files, patches, API_RETRY_DELAYS_MS);
}
function setComparisonOutputs(comparisons, verdicts, config) {
    const first = comparisons.find(comparison => comparison.status === 'compared');
    const size = first ? metricOf(first, config.gate.metric) : undefined;
    core/* setOutput */.uH(input_names/* Outputs */.t.baselineSize, size?.base ?? '');
    core/* setOutput */.uH(input_names/* Outputs */.t.delta, size?.delta ?? '');
    core/* setOutput */.uH(input_names/* Outputs */.t.deltaPercent, size?.percent === null || size?.percent === undefined ? '' : size.percent.toFixed(2));
    const update = first?.update;
    core/* setOutput */.uH(input_names/* Outputs */.t.updateSize, update?.known ? update.bytes : '');
    core/* setOutput */.uH(input_names/* Outputs */.t.exceeded, String(verdicts.some(verdict => verdict.exceeded)));
}
/**
 * Compares, judges and tells: the log, the outputs, the job summary and the PR
 * comment, in that order. Returns the verdicts; failing the step is the caller's.
 */
async function publish(input) {
    const heads = input.files;
    const octokit = input.config.token ? await createOctokit(input.config.token) : null;
    const accepted = await acceptance(input, octokit);
    const { comparisons, verdicts } = evaluate(heads, input.config.gate, accepted);
    for (const verdict of verdicts)
        log/* log */.Rm.info(verdict.sentence);
    setComparisonOutputs(comparisons, verdicts, input.config);
    const baseline = heads.find(file => file.baseline)?.baseline ?? null;
    const patches = await pullRequestDiff(input, octokit);
    const suggested = await suggestions(input, octokit, patches);
    const body = input.pullRequest
        ? renderComment({
            marker: commentMarker(heads),
            baseLabel: input.pullRequest.baseRef,
            comparisons,
            verdicts,
            metric: input.config.gate.metric,
            baseline,
            acceptance: accepted,
            blobUrl: blobUrlOf(input.context, input.pullRequest.headSha),
            now: input.now,
            suggested,
            changedChecks: patches ? checksOnChangedLines(heads, patches) : [],
            maxGrowth: input.config.gate.maxGrowth
        })
        : '';
    core/* setOutput */.uH(input_names/* Outputs */.t.commentBody, body);
    const verdictLines = verdicts
        .map(verdict => `- ${verdict.exceeded ? '🆘 ' : ''}${escapeText(verdict.sentence)}`)
        .join('\n');
    const sections = [
        input.withBuildSummary ? renderSummary(heads) : '',
        body || `### sizegate verdict\n\n${verdictLines}\n`
    ];
    await writeJobSummary(sections.filter(Boolean).join('\n\n'));
    const posted = await comment(input, octokit, body, comparisons);
    core/* setOutput */.uH(input_names/* Outputs */.t.commentUrl, posted.url ?? '');
    if (octokit && input.statusSha && input.config.commitStatus) {
        const { owner, repo, job, runUrl } = input.context;
        const place = {
            owner,
            repo,
            sha: input.statusSha,
            name: `sizegate / ${job}`,
            targetUrl: runUrl
        };
        await setCommitStatus(octokit, place, verdicts, API_RETRY_DELAYS_MS);
    }
    return verdicts;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/buildx/plan.ts

/** A name made of safe characters only, for files and cache scopes. */
function fileSlug(text) {
    return text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
}
/**
 * A cache scope that is stable across runs and distinct per image (its identity:
 * Dockerfile, context, target, platform, build args), so two images, two targets
 * or two matrix legs never overwrite each other's cache index.
 */
function cacheScopeFor(config, target, identity) {
    if (config.cacheScope) {
        return config.targets.length > 1 ? `${config.cacheScope}-${target}` : config.cacheScope;
    }
    return `sizegate-${fileSlug(target)}-${identity.key}`;
}
function planBuilds(config, targets, identities, tempDir, exportCache, secrets) {
    return targets.map((target, index) => {
        // Tags name one image; with several targets only the first gets them.
        const tags = target === targets[0] ? config.tags : [];
        const push = config.push && target === targets[0];
        return {
            target: target.name,
            buildTarget: target.buildTarget,
            file: config.file,
            context: config.context,
            buildArgs: config.buildArgs,
            tags,
            network: config.network,
            platforms: config.platforms,
            noCache: config.noCache,
            push,
            // Tags a later step may use: in the engine, where one platform of an image fits.
            load: config.load || (tags.length > 0 && !push && config.platforms.length <= 1),
            cacheScope: cacheScopeFor(config, target.name, identities[index]),
            cacheMode: config.cacheMode,
            exportCache,
            iidFile: external_node_path_.join(tempDir, `${fileSlug(target.name)}.iid`),
            metadataFile: external_node_path_.join(tempDir, `${fileSlug(target.name)}.metadata.json`),
            exportFile: external_node_path_.join(tempDir, `${fileSlug(target.name)}.oci`),
            options: config.options,
            secrets
        };
    });
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
;// CONCATENATED MODULE: ./src/report/types.ts

/**
 * The report's contract version. 2 added each layer's blob, the base image's part
 * and the update size; a version 1 report reads as one without them.
 */
const REPORT_SCHEMA = 2;
const READ_SCHEMAS = [1, 2];
const bytes = schemas/* number */.aig().int().nonnegative();
/** One layer of the final image and the Dockerfile instruction that made it. */
const LayerReportSchema = schemas/* object */.Ikc({
    /** The layer's diff id (sha256 of its uncompressed tar). */
    digest: schemas/* string */.YjP(),
    /**
     * Its blob's digest as a registry stores it (pushed, a builder's export, the
     * containerd image store); null where only its contents were read (the classic
     * image store, reports before schema 2).
     */
    blob: schemas/* string */.YjP().nullable().default(null),
    /** Content bytes, as the engine counts a layer (docker history). */
    uncompressedBytes: bytes,
    /** Bytes as pushed: the registry's, the archive's, or a gzip estimate (see compressedSource). */
    compressedBytes: bytes,
    /** The gzip estimate, kept when compressedBytes is the registry's (null: not measured). */
    estimatedBytes: bytes.nullable().default(null),
    /** The history entry's created_by, as the builder wrote it (secret values redacted). */
    createdBy: schemas/* string */.YjP(),
    /** 1-based Dockerfile line; base-image layers carry the FROM line. */
    line: schemas/* number */.aig().int().nonnegative(),
    stage: schemas/* string */.YjP(),
    instruction: schemas/* string */.YjP(),
    /** The instruction as written in the Dockerfile (null in reports before it). */
    source: schemas/* string */.YjP().nullable().default(null),
    /** The folders it wrote most bytes into, four levels deep at most, largest first. */
    folders: schemas/* array */.YOg(schemas/* string */.YjP()).default([])
});
const PathBytesSchema = schemas/* object */.Ikc({ path: schemas/* string */.YjP(), bytes });
/** A BuildKit Dockerfile check the build reported on the Dockerfile (buildx's metadata). */
const BuildCheckSchema = schemas/* object */.Ikc({
    /** The check's name, e.g. FromAsCasing. */
    rule: schemas/* string */.YjP(),
    line: schemas/* number */.aig().int().nullable(),
    message: schemas/* string */.YjP(),
    /** What the rule asks for. */
    description: schemas/* string */.YjP(),
    url: schemas/* string */.YjP().nullable()
});
const HintSchema = schemas/* object */.Ikc({
    rule: schemas/* enum */.k5n([
        'cache-in-image',
        'no-install-recommends',
        'copy-whole-context',
        'install-after-copy',
        'dev-dependencies',
        'build-tools',
        'full-base-image',
        'runs-as-root',
        'duplicated-by-chown',
        'wasted-bytes'
    ]),
    line: schemas/* number */.aig().int().nullable(),
    bytes: bytes.nullable(),
    message: schemas/* string */.YjP()
});
const ECOSYSTEM = schemas/* enum */.k5n(['npm', 'python', 'deb', 'apk', 'go', 'java']);
/** A package of the final image, its copies joined by name (see image/packages). */
const PackageSchema = schemas/* object */.Ikc({
    ecosystem: ECOSYSTEM,
    name: schemas/* string */.YjP(),
    /** Every version installed; 'unknown' where its metadata could not be read. */
    versions: schemas/* array */.YOg(schemas/* string */.YjP()),
    /** Bytes of its own files (0 for a Go module, part of its binary). */
    bytes,
    /** The layer holding most of its bytes. */
    layer: schemas/* number */.aig().int().nonnegative(),
    /** Only development needs it (npm's lockfile or the project's devDependencies say so). */
    dev: schemas/* boolean */.zMY().default(false)
});
const PackagesSchema = schemas/* object */.Ikc({
    /** Every package found, by ecosystem: count and bytes. */
    ecosystems: schemas/* array */.YOg(schemas/* object */.Ikc({ ecosystem: ECOSYSTEM, packages: bytes, bytes })),
    /** The largest packages, at most MAX_PACKAGES (report/packages.ts); smaller ones only in the counts. */
    list: schemas/* array */.YOg(PackageSchema)
});
const SavingSchema = schemas/* object */.Ikc({
    compressedBytes: schemas/* number */.aig().int(),
    uncompressedBytes: schemas/* number */.aig().int()
});
/** One fix of the Dockerfile: its change, and what a build of it saved. */
const FixSchema = schemas/* object */.Ikc({
    rule: schemas/* string */.YjP(),
    title: schemas/* string */.YjP(),
    /** The Dockerfile lines it changes (of the head's Dockerfile). */
    line: schemas/* number */.aig().int().positive(),
    endLine: schemas/* number */.aig().int().positive(),
    /** Lines line..endLine as the fix writes them: a GitHub suggested change. */
    suggestion: schemas/* array */.YOg(schemas/* string */.YjP()),
    /** The unified diff of this fix alone. */
    diff: schemas/* string */.YjP(),
    /** Bytes a build of the Dockerfile with this fix alone saved; null when not verified. */
    saving: SavingSchema.nullable(),
    /** Why it is not verified: not built, the build failed, it saved nothing, it changes the app; null when verified. */
    unverified: schemas/* string */.YjP().nullable(),
    /** A verified fix: that its image has the original's files, owners and modes, and what it removes. */
    removes: schemas/* string */.YjP().nullable().default(null)
});
const FixesSchema = schemas/* object */.Ikc({
    list: schemas/* array */.YOg(FixSchema),
    /** Every fix that can be applied with the others, together: their diff and saving. */
    together: schemas/* object */.Ikc({
        rules: schemas/* array */.YOg(schemas/* string */.YjP()),
        diff: schemas/* string */.YjP(),
        saving: SavingSchema.nullable(),
        unverified: schemas/* string */.YjP().nullable(),
        removes: schemas/* string */.YjP().nullable().default(null)
    }),
    /** Time the verification builds took (0 when none ran). */
    verifyMs: bytes
});
/** An earlier report of the same image on its branch: its commit and sizes. */
const TrendPointSchema = schemas/* object */.Ikc({
    commit: schemas/* string */.YjP(),
    createdAt: schemas/* string */.YjP(),
    compressedBytes: bytes,
    estimatedBytes: bytes.nullable(),
    uncompressedBytes: bytes
});
const IdentitySchema = schemas/* object */.Ikc({ key: schemas/* string */.YjP(), family: schemas/* string */.YjP(), label: schemas/* string */.YjP() });
/**
 * The final stage's base image, whose layers come first: the rest of the image is
 * what the Dockerfile adds (report/base-part.ts).
 */
const BasePartSchema = schemas/* object */.Ikc({
    /** The base image as the Dockerfile's FROM names it, build args put in; null where unknown. */
    image: schemas/* string */.YjP().nullable(),
    /** How many of the image's first layers are the base image's. */
    layers: bytes,
    compressedBytes: bytes,
    uncompressedBytes: bytes
});
/** The measured image of one target: what the cache stores and comments read. */
const ImageReportSchema = schemas/* object */.Ikc({
    schema: schemas/* union */.KCZ(READ_SCHEMAS.map(version => schemas/* literal */.euz(version)))
        .transform(() => REPORT_SCHEMA),
    tool: schemas/* object */.Ikc({ name: schemas/* literal */.euz('sizegate'), version: schemas/* string */.YjP() }),
    commit: schemas/* string */.YjP().nullable(),
    ref: schemas/* string */.YjP().nullable(),
    /** Dockerfile path relative to the workspace. */
    dockerfile: schemas/* string */.YjP(),
    target: schemas/* string */.YjP(),
    /** What names the image across runs (see report/identity.ts); null in reports before it. */
    identity: IdentitySchema.nullable().default(null),
    /**
     * Every image the same step built, this one included: a PR that stops building
     * one of them finds it here and reports it removed.
     */
    builtWith: schemas/* array */.YOg(schemas/* object */.Ikc({ target: schemas/* string */.YjP(), identity: IdentitySchema })).default([]),
    buildArgs: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()),
    platform: schemas/* string */.YjP(),
    imageId: schemas/* string */.YjP(),
    /** Registry manifest digest, when pushed. */
    digest: schemas/* string */.YjP().nullable(),
    /** Pull size: layers and config, compressed. */
    compressedBytes: bytes,
    compressedSource: schemas/* enum */.k5n(['registry', 'archive', 'gzip-estimate']),
    /**
     * The engine's image store when the image was read from the engine: `classic`
     * (layers unpacked, the pull size a gzip estimate) or `containerd` (layers as
     * stored, the pull size exact); null for an image read from a builder's export.
     */
    imageStore: schemas/* enum */.k5n(['classic', 'containerd']).nullable().default(null),
    /**
     * Pull size by the gzip estimate, whatever compressedSource is, so that a pushed
     * baseline and an unpushed head compare like with like (null: not measured).
     */
    estimatedBytes: bytes.nullable().default(null),
    uncompressedBytes: bytes,
    layers: schemas/* array */.YOg(LayerReportSchema),
    /** Its base image's part; null without the Dockerfile that made it, and in reports before schema 2. */
    base: BasePartSchema.nullable().default(null),
    files: schemas/* object */.Ikc({
        fileCount: bytes,
        largestFiles: schemas/* array */.YOg(PathBytesSchema.extend({ layer: schemas/* number */.aig().int().nonnegative() })),
        /** Every folder of at least `floor` bytes, with its file count and the layer that wrote most of it. */
        folders: schemas/* array */.YOg(PathBytesSchema.extend({
            files: bytes,
            layer: schemas/* number */.aig().int().nonnegative()
        }))
            .default([]),
        floor: bytes.default(0)
    }),
    /** dive's wastedBytes: every copy of each path more than one layer holds. */
    wastedBytes: bytes,
    /** dive's efficiency: Σ smallest copy per path / Σ all copies. */
    efficiency: schemas/* number */.aig().min(0).max(1),
    /** dive's userWastedPercent (a fraction): wasted bytes / bytes of every layer but the first. */
    userWastedPercent: schemas/* number */.aig().nonnegative().default(0),
    hints: schemas/* array */.YOg(HintSchema),
    /** BuildKit's Dockerfile checks that warned during the build (empty in reports before them). */
    buildChecks: schemas/* array */.YOg(BuildCheckSchema).default([]),
    /** Mechanical fixes of the Dockerfile, proven by builds where asked (null: none, or reports before them). */
    fixes: FixesSchema.nullable().default(null),
    /** The packages package managers' metadata names in the image (null in reports before it). */
    packages: PackagesSchema.nullable().default(null),
    /**
     * A push's report: the branch's reports of this image before it, oldest first, at
     * most TREND_LENGTH, carried forward from the one before (empty elsewhere).
     */
    trend: schemas/* array */.YOg(TrendPointSchema).default([]),
    build: schemas/* object */.Ikc({
        /** `prebuilt`: an image another step built (input `image`), measured as it is. */
        builder: schemas/* enum */.k5n(['buildx', 'docker', 'legacy', 'prebuilt']),
        ghaCache: schemas/* boolean */.zMY(),
        durationMs: bytes,
        cachedSteps: bytes,
        totalSteps: bytes
    }),
    createdAt: schemas/* string */.YjP()
});
/** What a host that runs the base image downloads to run the head's (report/update.ts). */
const UpdateSchema = schemas/* discriminatedUnion */.gMt('known', [
    schemas/* object */.Ikc({
        known: schemas/* literal */.euz(true),
        /** Compressed bytes of the head's layers the base image does not have, each once. */
        bytes,
        /** The head's layers the base image has, and all its layers. */
        sharedLayers: bytes,
        layers: bytes,
        /** Layers told apart by blob digest (both sides know every blob) or by contents (diff id). */
        matchedBy: schemas/* enum */.k5n(['blob', 'content']),
        /** The head's compressed sizes are the gzip estimate (classic image store), not stored blobs. */
        estimated: schemas/* boolean */.zMY()
    }),
    schemas/* object */.Ikc({ known: schemas/* literal */.euz(false), reason: schemas/* string */.YjP() })
]);
const SizeChangeSchema = schemas/* object */.Ikc({
    base: schemas/* number */.aig().nullable(),
    head: schemas/* number */.aig().nullable(),
    delta: schemas/* number */.aig().nullable(),
    percent: schemas/* number */.aig().nullable()
});
/** The head against the base branch's report from `days` before it (creepOf in report/trend.ts, max-growth). */
const CreepSchema = schemas/* object */.Ikc({
    days: schemas/* number */.aig().int().positive(),
    /** The base branch's report it is measured from. */
    from: TrendPointSchema,
    /** false: the history is shorter than `days`, and `from` is its oldest report. */
    reachesBack: schemas/* boolean */.zMY(),
    /** Whole days from that report to the head. */
    age: schemas/* number */.aig().int(),
    compressed: SizeChangeSchema,
    uncompressed: SizeChangeSchema
});
/** Where a pull request's base numbers came from. */
const BaselineSourceSchema = schemas/* object */.Ikc({
    /**
     * `artifact`: from the PR's own run, in mode comment, when the cache had none
     * (unverified); `image`: an image named by input `baseline-image` (ref is its reference).
     */
    source: schemas/* enum */.k5n(['cache', 'build', 'artifact', 'image']),
    /** The base branch. */
    ref: schemas/* string */.YjP(),
    /** The commit the baseline was measured at. */
    sha: schemas/* string */.YjP(),
    createdAt: schemas/* string */.YjP(),
    /** The PR's base commit: a baseline of another commit is said in the comment. */
    expectedSha: schemas/* string */.YjP().nullable(),
    /** Untracked inputs of the head's build context that a build of the base from git lacks. */
    untracked: schemas/* array */.YOg(schemas/* string */.YjP()).default([])
});
/**
 * The file the `report` output points to: the report, and on a pull request the
 * PR and the base's report, so that `mode: comment` can post it from another workflow.
 */
const ReportFileSchema = ImageReportSchema.extend({
    /** `workflow/job` of the run that built it: one comment per job and target set. */
    job: schemas/* string */.YjP().nullable().default(null),
    pullRequest: schemas/* object */.Ikc({
        number: schemas/* number */.aig().int().positive(),
        baseRef: schemas/* string */.YjP(),
        baseSha: schemas/* string */.YjP(),
        headSha: schemas/* string */.YjP()
    })
        .nullable()
        .default(null),
    baseline: BaselineSourceSchema.extend({ report: ImageReportSchema }).nullable().default(null),
    /** The base's reports of images this step built there and no longer builds. */
    removed: schemas/* array */.YOg(ImageReportSchema).default([]),
    /** A build of the base commit showed it has no such image: new in this pull request. */
    newInPullRequest: schemas/* boolean */.zMY().default(false),
    /** Against the baseline: what a host with the base's image downloads (null without one). */
    update: UpdateSchema.nullable().default(null),
    /** Against the base branch's report of max-growth's days before (null without the limit or a history). */
    creep: CreepSchema.nullable().default(null)
});

;// CONCATENATED MODULE: ./src/report/parse.ts

/** How report files end: `production.sizegate.json`. */
const REPORT_SUFFIX = '.sizegate.json';
function parseWith(schema, text) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        return { ok: false, problem: `is not JSON (${error.message})` };
    }
    const parsed = schema.safeParse(json);
    if (parsed.success)
        return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0];
    return {
        ok: false,
        problem: `is not a valid sizegate report (${issue.path.join('.') || 'report'}: ${issue.message})`
    };
}
/** A report as measured (a cached baseline, a file given to the CLI). */
function parseReport(text) {
    return parseWith(ImageReportSchema, text);
}
/** A file of the `report` output, with its pull request and baseline. */
function parseReportFile(text) {
    return parseWith(ReportFileSchema, text);
}
/**
 * Whether a text says it is a sizegate report at all, valid or not: another
 * tool's JSON beside the reports (buildx's metadata) is no report to warn about.
 */
function claimsSizegate(text) {
    try {
        const json = JSON.parse(text);
        return json?.tool?.name === 'sizegate';
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/action/report-files.ts






/** Writes each report to `workDir`, for the `report` output; answers their paths. */
async function writeReportFiles(files, workDir) {
    await (0,promises_.mkdir)(workDir, { recursive: true });
    return Promise.all(files.map(async (file) => {
        // The target may be an image reference: its file name is made of safe characters only,
        // and ends in a suffix no other tool writes (buildx's metadata lies beside it).
        const reportPath = external_node_path_.join(workDir, `${fileSlug(file.target)}${REPORT_SUFFIX}`);
        await (0,promises_.writeFile)(reportPath, `${JSON.stringify(file, null, 2)}\n`);
        return reportPath;
    }));
}
/**
 * The outputs of what was built or measured: the first image's (also under
 * build-push-action's names and shapes: `imageid`, `digest`, `metadata`), and all
 * of them in `images`.
 */
function setBuildOutputs(measured, reportPaths) {
    const [first] = measured;
    core/* setOutput */.uH(input_names/* Outputs */.t.imageId, first.build.imageId);
    core/* setOutput */.uH(input_names/* Outputs */.t.imageid, first.build.imageId);
    core/* setOutput */.uH(input_names/* Outputs */.t.metadata, first.build.metadata ? JSON.stringify(first.build.metadata) : '');
    core/* setOutput */.uH(input_names/* Outputs */.t.digest, first.build.digest ?? '');
    core/* setOutput */.uH(input_names/* Outputs */.t.size, first.report.uncompressedBytes);
    core/* setOutput */.uH(input_names/* Outputs */.t.compressedSize, first.report.compressedBytes);
    core/* setOutput */.uH(input_names/* Outputs */.t.report, reportPaths.join('\n'));
    const images = Object.fromEntries(measured.map(({ report, build }, index) => [
        report.target,
        {
            'image-id': build.imageId,
            digest: build.digest ?? null,
            size: report.uncompressedBytes,
            'compressed-size': report.compressedBytes,
            report: reportPaths[index],
            buildx: build.metadata ?? null
        }
    ]));
    core/* setOutput */.uH(input_names/* Outputs */.t.images, JSON.stringify(images));
}

// EXTERNAL MODULE: ./src/process/command.ts
var command = __webpack_require__(1760);
;// CONCATENATED MODULE: ./src/baseline/git.ts


/** git in `repository`, quiet, never throwing for a non-zero exit; `env` is added to ours. */
async function git(repository, args, env = {}) {
    const result = await (0,command/* runCommand */.d)('git', ['-C', repository, ...args], {
        env: { ...process.env, ...env }
    });
    return { ok: result.exitCode === 0, stdout: result.stdout, stderr: result.stderr.trim() };
}
/** Whether a path made by path.relative leads out of the folder it is relative to. */
function leavesFolder(relative) {
    return relative.startsWith('..') || external_node_path_.isAbsolute(relative);
}
/**
 * The top folder of the git checkout that holds `folder` — the workspace itself, or
 * a subfolder when actions/checkout was given `path:` — or null outside any checkout.
 */
async function repositoryRoot(folder) {
    const found = await git(folder, ['rev-parse', '--show-toplevel']);
    return found.ok ? found.stdout.trim() : null;
}

;// CONCATENATED MODULE: ./src/baseline/base-commit.ts

/**
 * The commit a pull request's head build contains as its base. On `pull_request`,
 * actions/checkout checks out GITHUB_SHA, a merge commit whose first parent is the
 * base branch as it was at the merge; the event's base SHA can be older. The raw
 * commit object names its parents even in a shallow clone.
 */
async function baseCommitOf(repository, checkedOut, eventBaseSha) {
    const head = await git(repository, ['rev-parse', 'HEAD']);
    if (!head.ok || head.stdout.trim() !== checkedOut)
        return eventBaseSha;
    const commit = await git(repository, ['cat-file', '-p', 'HEAD']);
    const parents = [...commit.stdout.matchAll(/^parent ([0-9a-f]{40,64})$/gm)].map(match => match[1]);
    return parents.length === 2 ? parents[0] : eventBaseSha;
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/fzstd/esm/index.mjs
var esm = __webpack_require__(8339);
;// CONCATENATED MODULE: ./src/image/gzip-size.ts



/** Blocks compressed apart: large enough that priming each costs nothing measurable. */
const BLOCK = 1024 * 1024;
/** deflate looks back this far: each block is primed with the bytes before it. */
const gzip_size_WINDOW = 32 * 1024;
const EMPTY = Buffer.alloc(0);
/**
 * deflate's output buffer: a block of text or tar headers compresses into one, so
 * each block makes one trip to the thread pool instead of one per 16 KiB (the
 * default), without holding a block-sized buffer per block in flight.
 */
const OUTPUT_CHUNK = 128 * 1024;
/** The gzip header (10 bytes) and trailer (CRC and length, 8). */
const GZIP_FRAME = 18;
/** Compressed bytes of one block at level 6, counted as they come out, never held. */
async function deflatedSize(block, dictionary) {
    const deflate = (0,external_node_zlib_.createDeflateRaw)({
        level: 6,
        chunkSize: OUTPUT_CHUNK,
        ...(dictionary ? { dictionary } : {})
    });
    let bytes = 0;
    deflate.on('data', (out) => (bytes += out.length));
    deflate.end(block);
    await (0,external_node_events_.once)(deflate, 'end');
    return bytes;
}
/**
 * The size `gzip -6` makes of a stream, without one thread doing all of it: the
 * stream is cut into blocks compressed on the thread pool side by side, each
 * primed with the 32 KiB before it, as pigz does, which makes nearly the bytes a
 * single stream would. Writing never waits; the writer waits on ready() between
 * chunks, so memory stays at a few blocks per core whatever the stream's size.
 */
class GzipSizer {
    limit;
    free = [];
    inFlight = new Set();
    block;
    filled = 0;
    blocks = 0;
    window;
    bytes = GZIP_FRAME;
    constructor(limit = (0,external_node_os_.availableParallelism)() + 1) {
        this.limit = limit;
        this.block = Buffer.allocUnsafe(BLOCK);
    }
    write(chunk) {
        for (let at = 0; at < chunk.length;) {
            const copied = chunk.copy(this.block, this.filled, at);
            this.filled += copied;
            at += copied;
            if (this.filled === BLOCK)
                this.dispatch();
        }
    }
    /** Resolves once fewer blocks than the limit are being compressed. */
    async ready() {
        while (this.inFlight.size >= this.limit)
            await Promise.race(this.inFlight);
    }
    /** Compresses what is left and answers the whole stream's gzip size. */
    async end() {
        if (this.filled > 0 || this.blocks === 0)
            this.dispatch();
        await Promise.all(this.inFlight);
        // The blocks go with the stream: a sizer kept after its end holds no memory.
        this.free.length = 0;
        this.block = EMPTY;
        return this.bytes;
    }
    dispatch() {
        this.blocks += 1;
        const block = this.block;
        const data = block.subarray(0, this.filled);
        const dictionary = this.window;
        this.window = Buffer.from(data.subarray(Math.max(0, data.length - gzip_size_WINDOW)));
        const job = deflatedSize(data, dictionary).then(size => {
            this.bytes += size;
            this.free.push(block);
            this.inFlight.delete(job);
        });
        this.inFlight.add(job);
        this.block = this.free.pop() ?? Buffer.allocUnsafe(BLOCK);
        this.filled = 0;
    }
}

;// CONCATENATED MODULE: ./src/image/layer-input.ts




/** Enough of a blob's first bytes to tell gzip and zstd from a plain tar. */
const MAGIC_BYTES = 4;
const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const startsWith = (chunk, magic) => magic.every((byte, index) => chunk[index] === byte);
/** An uncompressed layer: read as it passes, and gzipped on the side to learn its size. */
class PlainInput {
    reader;
    exact = false;
    gzip = new GzipSizer();
    tarBytes = 0;
    constructor(reader) {
        this.reader = reader;
    }
    write(chunk) {
        this.tarBytes += chunk.length;
        this.reader.write(chunk);
        this.gzip.write(chunk);
    }
    ready() {
        return this.gzip.ready();
    }
    async end() {
        return { tarBytes: this.tarBytes, compressedBytes: await this.gzip.end() };
    }
}
const GUNZIP_CHUNK = 256 * 1024;
/** A gzip layer: its own size is the compressed size; the reader gets it unzipped. */
class GzipInput {
    exact = true;
    // Each output chunk is one trip to the thread pool: zlib's 16 KiB would make ten
    // thousand for a 150 MB layer, and those trips, not the inflating, set the pace.
    // A few chunks may wait for it, so that the writer (a builder, through a pipe of
    // 64 KiB) is not held up by each trip.
    // (zlib hands its options to the stream it is, as its types do not say).
    gunzip = (0,external_node_zlib_.createGunzip)({
        chunkSize: GUNZIP_CHUNK,
        ...{ writableHighWaterMark: 4 * GUNZIP_CHUNK }
    });
    done;
    tarBytes = 0;
    compressedBytes = 0;
    full = false;
    constructor(reader) {
        this.done = new Promise((resolve, reject) => {
            this.gunzip.on('data', (out) => {
                this.tarBytes += out.length;
                try {
                    reader.write(out);
                }
                catch (error) {
                    this.gunzip.destroy(error);
                }
            });
            this.gunzip.on('end', resolve).on('error', reject);
        });
        // Awaited by ready() and end(); a failure in between must not count as unhandled.
        this.done.catch(() => undefined);
    }
    write(chunk) {
        this.compressedBytes += chunk.length;
        // gunzip reads it later, on the thread pool.
        this.full = !this.gunzip.write(Buffer.from(chunk));
    }
    async ready() {
        if (this.full)
            await Promise.race([(0,external_node_events_.once)(this.gunzip, 'drain'), this.done]);
        this.full = false;
    }
    async end() {
        this.gunzip.end();
        await this.done;
        return { tarBytes: this.tarBytes, compressedBytes: this.compressedBytes };
    }
}
/** The most a zstd frame may make the decoder hold at once (fzstd holds a frame's declared size). */
const ZSTD_FRAME_LIMIT = 512 * 1024 * 1024;
/** What a zstd frame header's descriptor byte says of the header: its length, and where its content size is. */
function frameHeader(descriptor) {
    const singleSegment = (descriptor >> 5) & 1;
    const sizeFlag = descriptor >> 6;
    const sizeBytes = sizeFlag ? 1 << sizeFlag : singleSegment;
    // Magic, descriptor, window (unless single segment), dictionary id, content size.
    const sizeAt = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3];
    return { singleSegment, sizeFlag, sizeBytes, sizeAt, length: sizeAt + sizeBytes };
}
/**
 * Refuses a zstd frame whose header declares more than ZSTD_FRAME_LIMIT: its
 * content size (which the decoder allocates whole), else its window.
 */
function checkZstdFrame(header) {
    const { singleSegment, sizeFlag, sizeBytes, sizeAt } = frameHeader(header[4]);
    let contentSize = 0;
    for (let index = sizeBytes - 1; index >= 0; index--)
        contentSize = contentSize * 256 + header[sizeAt + index];
    if (sizeFlag === 1)
        contentSize += 256;
    const exponent = header[5] >> 3;
    const window = singleSegment ? 0 : 2 ** (10 + exponent) * (1 + (header[5] & 7) / 8);
    const declared = contentSize || window;
    if (declared > ZSTD_FRAME_LIMIT)
        throw new Error(`its zstd frame declares ${declared} bytes, over the ${ZSTD_FRAME_LIMIT / 1024 / 1024} MiB this reader decodes at once`);
}
const SKIPPABLE = 0x184d2a50;
/**
 * Walks a zstd stream's frames as its bytes pass, without decoding them, so that
 * every frame's header is checked before the decoder sees it: a frame header,
 * then blocks (a 3-byte header each; the last one ends the frame) and an optional
 * checksum. Skippable frames (allowed anywhere, the first place included) are
 * passed over; the rest goes on to `forward`, the decoder.
 */
class ZstdFrames {
    forward;
    /** The header or block header being gathered, and how many bytes it needs. */
    pending = Buffer.alloc(0);
    need = 5;
    state = 'frame';
    /** Bytes to pass on unread: block contents, a checksum, or a skippable frame (dropped). */
    skip = 0;
    skipping = false;
    checksum = false;
    constructor(forward) {
        this.forward = forward;
    }
    /** What this write passes on, handed over as one buffer when the chunk is read. */
    out = [];
    write(chunk) {
        this.out = [];
        this.walk(chunk);
        if (this.out.length > 0)
            this.forward(Buffer.concat(this.out));
    }
    walk(chunk) {
        let at = 0;
        while (at < chunk.length) {
            if (this.skip > 0) {
                const passed = Math.min(this.skip, chunk.length - at);
                if (!this.skipping)
                    this.out.push(chunk.subarray(at, at + passed));
                this.skip -= passed;
                at += passed;
                continue;
            }
            const taken = Math.min(this.need - this.pending.length, chunk.length - at);
            this.pending = Buffer.concat([this.pending, chunk.subarray(at, at + taken)]);
            at += taken;
            if (this.pending.length === this.need)
                this.parse();
        }
    }
    parse() {
        const header = this.pending;
        if (this.state === 'frame') {
            const magic = header.readUInt32LE(0);
            // Its size follows the magic: keep what is gathered.
            if ((magic & 0xfffffff0) === SKIPPABLE)
                return this.expect('skippable', 8, true);
            if (magic !== 0xfd2fb528)
                throw new Error('its zstd stream holds a frame that is not zstd');
            const { length } = frameHeader(header[4]);
            if (header.length < length)
                return this.expect('frame', length, true);
            checkZstdFrame(header);
            this.out.push(header);
            this.checksum = ((header[4] >> 2) & 1) === 1;
            return this.expect('block', 3);
        }
        if (this.state === 'skippable') {
            this.skip = header.readUInt32LE(4);
            this.skipping = true;
            return this.expect('frame', 5);
        }
        this.out.push(header);
        this.skipping = false;
        const block = header[0] | (header[1] << 8) | (header[2] << 16);
        const type = (block >> 1) & 3;
        this.skip = type === 1 ? 1 : block >>> 3;
        if ((block & 1) === 0)
            return this.expect('block', 3);
        this.skip += this.checksum ? 4 : 0;
        this.expect('frame', 5);
    }
    /** What comes next: `bytes` of a `state` header, the ones gathered so far kept or not. */
    expect(state, bytes, keep = false) {
        if (!keep)
            this.pending = Buffer.alloc(0);
        this.state = state;
        this.need = bytes;
    }
}
/**
 * A zstd layer (as containerd and BuildKit can push them): its own size is the
 * compressed size. Decompressed as it comes, on this thread: Node 20 has no zstd.
 */
class ZstdInput {
    exact = true;
    zstd;
    tarBytes = 0;
    compressedBytes = 0;
    // Every frame header is checked before the decoder allocates what it declares. The
    // frames hand over a buffer of their own (fzstd keeps the end of one that does not
    // finish a block), once a chunk.
    frames = new ZstdFrames(bytes => this.zstd.push(bytes));
    constructor(reader) {
        this.zstd = new esm/* Decompress */.YM(out => {
            this.tarBytes += out.length;
            reader.write(Buffer.from(out.buffer, out.byteOffset, out.length));
        });
    }
    write(chunk) {
        this.frames.write(chunk);
        this.compressedBytes += chunk.length;
    }
    ready() {
        return Promise.resolve();
    }
    async end() {
        this.zstd.push(new Uint8Array(0), true);
        return { tarBytes: this.tarBytes, compressedBytes: this.compressedBytes };
    }
}
/** The input for a blob by its first bytes: gzip, zstd, or a plain tar. */
function layerInput(first, reader) {
    if (startsWith(first, GZIP_MAGIC))
        return new GzipInput(reader);
    const skippable = first.length >= 4 && (first.readUInt32LE(0) & 0xfffffff0) === SKIPPABLE;
    if (startsWith(first, ZSTD_MAGIC) || skippable)
        return new ZstdInput(reader);
    return new PlainInput(reader);
}

;// CONCATENATED MODULE: ./src/image/tar-headers.ts
const tar_headers_BLOCK = 512;
/** Type flags '1' to '6' carry no data whatever their size field says (as Go's archive/tar reads them). */
const headerOnly = (flag) => flag >= 0x31 && flag <= 0x36;
/** A NUL-ended field. Nearly every name is ASCII, which decodes fastest as latin1. */
function tar_headers_text(block, start, length) {
    const limit = start + length;
    let end = start;
    let ascii = true;
    for (; end < limit; end++) {
        const byte = block[end];
        if (byte === 0)
            break;
        if (byte > 0x7f)
            ascii = false;
    }
    return block.toString(ascii ? 'latin1' : 'utf8', start, end);
}
const ZERO = 0x30;
const SEVEN = 0x37;
const SPACE = 0x20;
/**
 * A numeric field as Go's archive/tar (the engine's reader) and GNU tar read it:
 * base-256 when the first byte's high bit is set (its next bit the sign), else octal
 * digits between optional spaces and NULs. Anything else, or a value no number holds
 * exactly, is undefined: a header that no other reader accepts is no header.
 */
function numeric(block, start, length) {
    if (block[start] & 0x80) {
        // Two's complement: a negative value's bytes are the inverse of its magnitude less one.
        const invert = block[start] & 0x40 ? 0xff : 0;
        let value = (block[start] ^ invert) & 0x7f;
        for (let index = start + 1; index < start + length; index++)
            value = value * 256 + (block[index] ^ invert);
        if (!Number.isSafeInteger(value))
            return undefined;
        return invert ? -value - 1 : value;
    }
    let at = start;
    let end = start + length;
    while (at < end && (block[at] === SPACE || block[at] === 0))
        at++;
    while (end > at && (block[end - 1] === SPACE || block[end - 1] === 0))
        end--;
    let value = 0;
    for (let index = at; index < end; index++) {
        const byte = block[index];
        if (byte < ZERO || byte > SEVEN)
            return undefined;
        value = value * 8 + byte - ZERO;
    }
    return value;
}
/** The numeric fields every header has, by name, offset and length. */
const NUMERIC_FIELDS = [
    ['mode', 100, 8],
    ['uid', 108, 8],
    ['gid', 116, 8],
    ['size', 124, 12],
    ['mtime', 136, 12]
];
/** A ustar header's numeric fields: those, and its device numbers. */
const USTAR_NUMERIC_FIELDS = [
    ...NUMERIC_FIELDS,
    ['devmajor', 329, 8],
    ['devminor', 337, 8]
];
/** The name of the first numeric field of a header that is not a number, if any. */
function badNumericField(buffer, base) {
    const fields = isUstar(buffer, base) ? USTAR_NUMERIC_FIELDS : NUMERIC_FIELDS;
    return fields.find(([, at, length]) => numeric(buffer, base + at, length) === undefined)?.[0];
}
/** A header's checksum field against the sum of its bytes (the field itself as spaces). */
function validChecksum(buffer, base) {
    let sum = 8 * 0x20;
    for (let index = 0; index < 148; index++)
        sum += buffer[base + index];
    for (let index = 156; index < tar_headers_BLOCK; index++)
        sum += buffer[base + index];
    return sum === numeric(buffer, base + 148, 8);
}
/** Whether a file's first 512 bytes are a tar header: what tells an archive from a report. */
function isTarHeader(block) {
    return block.length >= tar_headers_BLOCK && !isZeros(block, 0) && validChecksum(block, 0);
}
const USTAR = [...Buffer.from('ustar', 'latin1')];
const USTAR_AT = 257;
function isUstar(buffer, base) {
    for (let index = 0; index < USTAR.length; index++)
        if (buffer[base + USTAR_AT + index] !== USTAR[index])
            return false;
    return true;
}
/** The end-of-archive marker: a block of zeros. */
function isZeros(buffer, base) {
    for (let index = base; index < base + tar_headers_BLOCK; index++)
        if (buffer[index] !== 0)
            return false;
    return true;
}
/** The name field, after the ustar prefix where there is one. */
function nameOf(buffer, base) {
    const name = tar_headers_text(buffer, base, 100);
    const prefix = isUstar(buffer, base) ? tar_headers_text(buffer, base + 345, 155) : '';
    return prefix ? `${prefix}/${name}` : name;
}
function typeOf(flag) {
    if (flag === '0' || flag === '\0' || flag === '7')
        return 'file';
    if (flag === '5')
        return 'directory';
    if (flag === '2')
        return 'symlink';
    if (flag === '1')
        return 'link';
    return 'other';
}
/** A pax or GNU long-name payload larger than this is no header (Go's archive/tar has the same cap). */
const SPECIAL_ENTRY_LIMIT = 1024 * 1024;
/** A pax record's decimal length, which counts its own digits, the space, `key=value` and the newline. */
const DECIMAL = /^[1-9][0-9]*$/;
/** Type flags a header may carry, as GNU tar and Go's archive/tar know them. */
const KNOWN_FLAGS = new Set([
    '0',
    '\0',
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
    '7',
    'x',
    'g',
    'L',
    'K',
    'D',
    'S',
    'M',
    'V',
    'N'
]);
/** `len key=value\n` records of a pax extended header; a malformed record refuses the tar. */
function paxRecords(data) {
    const records = new Map();
    let at = 0;
    while (at < data.length) {
        // GNU tar pads the payload with NULs.
        if (data[at] === 0)
            break;
        const space = data.indexOf(0x20, at);
        const digits = space === -1 ? '' : data.toString('latin1', at, space);
        const length = DECIMAL.test(digits) ? Number(digits) : NaN;
        const end = at + length;
        if (!(end > space + 1 && end <= data.length) || data[end - 1] !== 0x0a)
            throw new Error(`a pax record at byte ${at} of its header is malformed`);
        const record = data.toString('utf8', space + 1, end - 1);
        const equals = record.indexOf('=');
        if (equals < 1)
            throw new Error(`a pax record at byte ${at} of its header has no key=value`);
        records.set(record.slice(0, equals), record.slice(equals + 1));
        at = end;
    }
    return records;
}
/** A pax `size`, `uid` or `gid`: decimal digits only, within what a number holds exactly. */
function paxNumber(key, text) {
    const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value))
        throw new Error(`a pax ${key} of ${JSON.stringify(text.slice(0, 40))} is not a ${key === 'size' ? 'byte count' : 'number'}`);
    return value;
}
/** A numeric field the header's pax records may override. */
function overridden(overrides, key, buffer, at, length) {
    const pax = overrides?.get(key);
    return pax === undefined ? numeric(buffer, at, length) : paxNumber(key, pax);
}
/** Collects an entry's contents (one the caller knows to be small), then hands them over whole. */
function collected(done) {
    const chunks = [];
    return {
        // The reader hands out slices of a chunk it lets go of: keep a copy.
        write: data => chunks.push(Buffer.from(data)),
        end: () => done(Buffer.concat(chunks))
    };
}
/**
 * Reads a tar as it streams past, header by header, and hands an entry's contents
 * only to a sink the caller returns for it; the rest it passes over without
 * looking at them. Measuring a layer needs names, types and sizes only, and a
 * stream object per entry (what a general tar reader hands out) costs more than
 * the rest of the measurement on a layer of 100,000 small files. Handles ustar
 * prefixes, pax and GNU long names and links, and base-256 sizes; throws on a
 * first header whose checksum is wrong (the blob is no tar) or a truncated tar.
 */
class TarReader {
    onHeader;
    header = Buffer.alloc(tar_headers_BLOCK);
    filled = 0;
    /** Content bytes of the current entry still to come, and where they go. */
    content = 0;
    sink;
    /** Padding (or unwanted content) bytes still to pass over. */
    skip = 0;
    /** A pax or GNU long-name payload being read, and what it is. */
    meta;
    overrides;
    finished = false;
    /** The last header was a block of zeros: the next must be one too, or the end. */
    zeroBlock = false;
    /** Headers read, and bytes of the tar before this chunk. */
    headers = 0;
    consumed = 0;
    constructor(onHeader) {
        this.onHeader = onHeader;
    }
    write(chunk) {
        let at = 0;
        while (at < chunk.length && !this.finished) {
            if (this.content > 0) {
                const passed = Math.min(this.content, chunk.length - at);
                this.content -= passed;
                this.sink?.write(chunk.subarray(at, at + passed));
                at += passed;
                if (this.content === 0)
                    this.endEntry();
            }
            else if (this.skip > 0) {
                const passed = Math.min(this.skip, chunk.length - at);
                this.skip -= passed;
                at += passed;
            }
            else if (this.meta) {
                at += this.readMeta(chunk, at);
            }
            else if (this.filled === 0 && at + tar_headers_BLOCK <= chunk.length) {
                // Most headers lie whole in a chunk: read them where they are.
                this.readHeader(chunk, at, this.consumed + at);
                at += tar_headers_BLOCK;
            }
            else {
                const copied = chunk.copy(this.header, this.filled, at, at + tar_headers_BLOCK - this.filled);
                this.filled += copied;
                at += copied;
                if (this.filled === tar_headers_BLOCK) {
                    this.filled = 0;
                    this.readHeader(this.header, 0, this.consumed + at - tar_headers_BLOCK);
                }
            }
        }
        this.consumed += chunk.length;
    }
    end() {
        if (this.finished)
            return;
        if (this.content > 0 || this.skip > 0 || this.meta || this.filled > 0)
            throw new Error('the tar ends in the middle of an entry');
        // Every tar writer ends with two: one alone is an entry grown into the first.
        if (this.zeroBlock)
            throw new Error('the tar ends with one block of zeros where its end takes two');
    }
    endEntry() {
        const sink = this.sink;
        this.sink = undefined;
        sink?.end();
    }
    readMeta(chunk, at) {
        const meta = this.meta;
        const copied = chunk.copy(meta.data, meta.filled, at, at + meta.data.length - meta.filled);
        meta.filled += copied;
        if (meta.filled === meta.data.length) {
            const overrides = (this.overrides ??= new Map());
            if (meta.kind === 'x')
                for (const [key, value] of paxRecords(meta.data))
                    overrides.set(key, value);
            // A global header's records are checked like any (a file's bytes are no records),
            // then left aside as Go's archive/tar leaves them: they name no entry.
            if (meta.kind === 'g')
                paxRecords(meta.data);
            if (meta.kind === 'L')
                overrides.set('path', tar_headers_text(meta.data, 0, meta.data.length));
            if (meta.kind === 'K')
                overrides.set('linkpath', tar_headers_text(meta.data, 0, meta.data.length));
            this.meta = undefined;
            this.skip = meta.padding;
        }
        return copied;
    }
    /** `, "name"`: the entry a header names, for a message about it. */
    entryName(buffer, base) {
        const name = this.overrides?.get('path') ?? nameOf(buffer, base);
        return name ? ` (${JSON.stringify(name.slice(0, 200))})` : '';
    }
    /** Reads the header at `base` of `buffer`, at `offset` of the tar. */
    readHeader(buffer, base, offset) {
        const zeros = buffer[base] === 0 && isZeros(buffer, base);
        if (this.zeroBlock && !zeros)
            throw new Error(`the tar has a block of zeros at byte ${offset - tar_headers_BLOCK} in the middle of its entries`);
        if (zeros) {
            // The end-of-archive marker is two of them; what follows the second is padding.
            this.finished = this.zeroBlock;
            this.zeroBlock = true;
            return;
        }
        // The first header tells a tar from any other blob; a later one that fails is a
        // corrupt tar, whose file contents would otherwise be read as entries.
        if (!validChecksum(buffer, base))
            throw new Error(this.headers === 0
                ? 'invalid tar header: the blob is not a tar'
                : `a tar header's checksum is wrong at byte ${offset}`);
        this.headers++;
        const flag = String.fromCharCode(buffer[base + 156]);
        const bad = badNumericField(buffer, base);
        if (bad)
            throw new Error(`the tar header at byte ${offset}${this.entryName(buffer, base)} has a ${bad} field that is not a number`);
        if (!KNOWN_FLAGS.has(flag))
            throw new Error(`the tar header at byte ${offset}${this.entryName(buffer, base)} has an unknown type ${JSON.stringify(flag)}`);
        const size = numeric(buffer, base + 124, 12);
        if (size < 0)
            throw new Error(`the tar header at byte ${offset}${this.entryName(buffer, base)} has a negative size`);
        if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
            if (size > SPECIAL_ENTRY_LIMIT)
                throw new Error(`a ${flag === 'x' || flag === 'g' ? 'pax' : 'long-name'} header of ${size} bytes at byte ${offset} is over the ${SPECIAL_ENTRY_LIMIT / 1024 / 1024} MiB a header may take`);
            const padded = Math.ceil(size / tar_headers_BLOCK) * tar_headers_BLOCK;
            this.meta = { kind: flag, data: Buffer.alloc(size), filled: 0, padding: padded - size };
            if (size === 0)
                this.readMeta(Buffer.alloc(0), 0);
            return;
        }
        this.emit(buffer, base, flag, size);
    }
    /** Hands an entry's header over, and sets up its contents to be passed on or over. */
    emit(buffer, base, flag, headerSize) {
        const overrides = this.overrides;
        this.overrides = undefined;
        const name = overrides?.get('path') ?? nameOf(buffer, base);
        const pax = overrides?.get('size');
        const size = headerOnly(buffer[base + 156]) ? 0 : pax ? paxNumber('size', pax) : headerSize;
        const isLink = flag === '1' || flag === '2';
        const linkname = overrides?.get('linkpath') ?? (isLink ? tar_headers_text(buffer, base + 157, 100) : '');
        const sink = this.onHeader({
            name,
            type: typeOf(flag),
            size,
            linkname,
            // Only the permission, set-id and sticky bits: some writers add the file type's.
            mode: numeric(buffer, base + 100, 8) & 0o7777,
            uid: overridden(overrides, 'uid', buffer, base + 108, 8),
            gid: overridden(overrides, 'gid', buffer, base + 116, 8)
        });
        const padding = Math.ceil(size / tar_headers_BLOCK) * tar_headers_BLOCK - size;
        if (sink) {
            this.sink = sink;
            this.content = size;
            this.skip = padding;
            if (size === 0)
                this.endEntry();
        }
        else
            this.skip = size + padding;
    }
}

;// CONCATENATED MODULE: ./src/image/packages/stanzas.ts
/**
 * The stanzas of a deb822-style database (dpkg's status, Alpine's installed):
 * `Field: value` lines (or `K:value`), a blank line between stanzas; a line
 * starting with a space continues the field before it and is not needed here.
 */
function* stanzas(contents) {
    let fields = [];
    for (const line of contents.split('\n')) {
        if (line.trim() === '') {
            if (fields.length > 0)
                yield fields;
            fields = [];
            continue;
        }
        if (line.startsWith(' ') || line.startsWith('\t'))
            continue;
        const at = line.indexOf(':');
        if (at <= 0)
            continue;
        fields.push([line.slice(0, at), line.slice(at + 1).trim()]);
    }
    if (fields.length > 0)
        yield fields;
}

;// CONCATENATED MODULE: ./src/image/packages/apk.ts

const APK_DATABASE = 'lib/apk/db/installed';
/**
 * The packages of Alpine's installed database (apk's documented format: `P:` name,
 * `V:` version, `F:` a folder, `R:` a file in the folder before it), with their files.
 */
function apkPackages(contents) {
    const packages = [];
    for (const fields of stanzas(contents)) {
        let name = '';
        let version = null;
        let folder = '';
        const files = [];
        for (const [key, value] of fields) {
            if (key === 'P')
                name = value;
            else if (key === 'V')
                version = value || null;
            else if (key === 'F')
                folder = value;
            else if (key === 'R')
                files.push(folder ? `${folder}/${value}` : value);
        }
        if (name)
            packages.push({ name, version, files });
    }
    return packages;
}

;// CONCATENATED MODULE: ./src/image/packages/deb.ts

const STATUS = 'var/lib/dpkg/status';
/** Distroless images have no status file: one stanza a package, and its md5sums. */
const STATUS_D = /^var\/lib\/dpkg\/status\.d\/([^/]+?)(\.md5sums)?$/;
const LIST = /^var\/lib\/dpkg\/info\/([^/]+)\.list$/;
function debFileAt(path) {
    if (!path.startsWith('var/lib/dpkg/'))
        return undefined;
    if (path === STATUS)
        return { file: 'status' };
    const list = LIST.exec(path);
    if (list)
        return { file: 'files', package: list[1] };
    const status = STATUS_D.exec(path);
    if (!status)
        return undefined;
    return status[2] ? { file: 'files', package: status[1] } : { file: 'status' };
}
/** A package's name as its file list names it: `libc6:amd64.list` is libc6's. */
const debName = (listName) => listName.replace(/:[^:]*$/, '');
/**
 * The installed packages of a status file. Distroless's `status.d` stanzas have
 * no Status field: everything listed there is installed.
 */
function debPackages(contents) {
    const packages = [];
    for (const fields of stanzas(contents)) {
        const field = new Map(fields.map(([key, value]) => [key.toLowerCase(), value]));
        const name = field.get('package');
        const status = field.get('status');
        if (!name || (status !== undefined && !/ installed$/.test(status)))
            continue;
        packages.push({ name, version: field.get('version') || null });
    }
    return packages;
}
/**
 * The files of a package's list: `.list` lines are absolute paths, folders too,
 * each before what it holds (a folder may be a link in the image, as /bin is on a
 * merged /usr: it is left out by that order); `.md5sums` lines are
 * `<md5>  <path from the root>`, files only.
 */
function debFiles(path, contents) {
    const md5sums = path.endsWith('.md5sums');
    const paths = contents
        .split('\n')
        .map(line => (md5sums ? line.replace(/^[0-9a-f]+\s+/, '') : line).trim().replace(/^\/+/, ''))
        .filter(Boolean);
    return paths.filter((file, index) => !paths[index + 1]?.startsWith(`${file}/`));
}

;// CONCATENATED MODULE: ./src/image/packages/go.ts
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const BUILD_INFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_BYTES = 32;
const ALIGN = 16;
/** Go's own reader looks this far into the data segment for the build info (debug/buildinfo). */
const DATA_WINDOW = 64 * 1024;
/** ELF and program headers lie at the file's start; beyond this the file is no plain executable. */
const PROGRAM_HEADERS_LIMIT = 16 * 1024;
const FLAG_INLINE_STRINGS = 0x2;
const PT_LOAD = 1;
const PF_X = 1;
const PF_W = 2;
/** Module info is framed by 16 bytes either side (runtime/debug's sentinels). */
const MODINFO_FRAME = 16;
/**
 * Finds a Go binary's build info as the file streams past, holding only its
 * headers and a window of its data segment: where Go's own reader looks (the
 * start of the first writable, non-executable PT_LOAD segment, 64 KiB).
 * Any other file is let go after its first bytes.
 */
class GoBuildInfoScanner {
    head = [];
    headBytes = 0;
    /** Where the window lies in the file, once the headers have said. */
    window;
    offset = 0;
    done = false;
    write(data) {
        if (this.done)
            return;
        const start = this.offset;
        this.offset += data.length;
        if (!this.window) {
            this.head.push(Buffer.from(data));
            this.headBytes += data.length;
            this.findWindow();
            if (!this.window)
                return;
        }
        this.fillWindow(data, start);
    }
    /** The build info, once the whole file (or the window) has passed; undefined for other files. */
    result() {
        const window = this.window;
        if (!window || window.filled === 0)
            return undefined;
        return parseBuildInfo(Buffer.concat(window.chunks), window.start);
    }
    findWindow() {
        const head = Buffer.concat(this.head);
        this.head = [head];
        const start = dataSegmentStart(head);
        if (start === 'more' && this.headBytes < PROGRAM_HEADERS_LIMIT)
            return;
        this.head = [];
        if (typeof start !== 'number') {
            this.done = true;
            return;
        }
        this.window = { start, chunks: [], filled: 0 };
        // The bytes already seen may reach into the window.
        this.fillWindow(head, 0);
    }
    fillWindow(data, dataStart) {
        const window = this.window;
        const from = Math.max(window.start + window.filled, dataStart);
        const to = Math.min(window.start + DATA_WINDOW, dataStart + data.length);
        if (to <= from)
            return;
        window.chunks.push(Buffer.from(data.subarray(from - dataStart, to - dataStart)));
        window.filled += to - from;
        if (window.filled >= DATA_WINDOW)
            this.done = true;
    }
}
/** The file offset of an ELF's first writable, non-executable load segment; 'more' while its headers are still to come. */
function dataSegmentStart(head) {
    if (head.length < 64)
        return 'more';
    if (!head.subarray(0, 4).equals(ELF_MAGIC))
        return undefined;
    const wide = head[4] === 2;
    const little = head[5] === 1;
    const u16 = (at) => (little ? head.readUInt16LE(at) : head.readUInt16BE(at));
    const u32 = (at) => (little ? head.readUInt32LE(at) : head.readUInt32BE(at));
    const u64 = (at) => Number(little ? head.readBigUInt64LE(at) : head.readBigUInt64BE(at));
    const tableAt = wide ? u64(32) : u32(28);
    const entrySize = u16(wide ? 54 : 42);
    const count = u16(wide ? 56 : 44);
    const tableEnd = tableAt + entrySize * count;
    if (tableEnd > PROGRAM_HEADERS_LIMIT || entrySize < (wide ? 56 : 32))
        return undefined;
    if (head.length < tableEnd)
        return 'more';
    for (let index = 0; index < count; index++) {
        const at = tableAt + index * entrySize;
        const flags = wide ? u32(at + 4) : u32(at + 24);
        if (u32(at) === PT_LOAD && (flags & (PF_X | PF_W)) === PF_W)
            return wide ? u64(at + 8) : u32(at + 4);
    }
    return undefined;
}
/** An unsigned LEB128 varint at `at`, and where it ends. */
function uvarint(data, at) {
    let value = 0;
    for (let shift = 0, index = at; index < data.length && shift < 35; shift += 7, index++) {
        value += (data[index] & 0x7f) * 2 ** shift;
        if ((data[index] & 0x80) === 0)
            return [value, index + 1];
    }
    return undefined;
}
/** A varint-prefixed string at `at`, and where it ends. */
function lengthPrefixed(data, at) {
    const length = uvarint(data, at);
    if (!length || length[1] + length[0] > data.length)
        return undefined;
    const end = length[1] + length[0];
    return [data.toString('utf8', length[1], end), end];
}
/**
 * The build info header at a 16-byte boundary, as Go's reader finds it: of the
 * address, which is the file offset's boundary too (a segment's address and
 * offset agree modulo its page size), not of the segment's start.
 */
function parseBuildInfo(window, offset) {
    let at = window.indexOf(BUILD_INFO_MAGIC);
    while (at !== -1 && (offset + at) % ALIGN !== 0)
        at = window.indexOf(BUILD_INFO_MAGIC, at + 1);
    if (at === -1 || window.length - at < HEADER_BYTES)
        return undefined;
    // Go before 1.18 points at its strings instead: a Go binary with no module list here.
    if ((window[at + 15] & FLAG_INLINE_STRINGS) === 0)
        return undefined;
    const version = lengthPrefixed(window, at + HEADER_BYTES);
    const framed = version && lengthPrefixed(window, version[1]);
    if (!version || !framed)
        return undefined;
    const modinfo = framed[0].length >= 2 * MODINFO_FRAME + 1 &&
        framed[0][framed[0].length - MODINFO_FRAME - 1] === '\n'
        ? framed[0].slice(MODINFO_FRAME, -MODINFO_FRAME)
        : '';
    return { goVersion: version[0], ...parseModInfo(modinfo) };
}
/**
 * The module lines of Go's module info (`path`, `mod`, `dep`, and `=>` for a
 * replacement of the line before): a replaced module is named by its original
 * path, with the replacement's version where it has one.
 */
function parseModInfo(text) {
    let main = { name: '', version: null };
    const modules = [];
    let last;
    for (const line of text.split('\n')) {
        const [kind, path = '', version = ''] = line.split('\t');
        if (kind === 'path' && !main.name)
            main = { name: path, version: null };
        else if (kind === 'mod')
            last = main = { name: path, version: knownVersion(version) };
        else if (kind === 'dep')
            modules.push((last = { name: path, version: knownVersion(version) }));
        else if (kind === '=>' && last)
            last.version = knownVersion(version) ?? last.version;
    }
    return { main, modules };
}
/** `(devel)` and empty say no version. */
const knownVersion = (version) => version && version !== '(devel)' ? version : null;

;// CONCATENATED MODULE: ./src/image/packages/jar.ts

const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const LOCAL_HEADER_BYTES = 30;
const DOCUMENTS = [
    [/^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/, 'properties'],
    [/^META-INF\/maven\/[^/]+\/[^/]+\/pom\.xml$/, 'pom'],
    [/^META-INF\/MANIFEST\.MF$/i, 'manifest']
];
const documentKind = (name) => DOCUMENTS.find(([pattern]) => pattern.test(name))?.[1];
const NESTED_JAR = /\.jar$/;
const STORED = 0;
const DEFLATED = 8;
/** Bit 3: sizes follow the data, not in the header. */
const SIZES_AFTER = 0x8;
/** A pom.properties or a manifest is a few hundred bytes, a pom.xml a few kB; one of unknown size is read this far. */
const POM_LIMIT = 64 * 1024;
/** Names of the entries looked for are short; a longer one is passed over unread. */
const NAME_LIMIT = 1024;
/** Naming documents read per jar, and at once: a jar of endless entries costs bounded time and memory. */
const POMS_LIMIT = 1024;
const CAPTURES_AT_ONCE = 8;
/** Nested jars kept per jar. */
const NESTED_LIMIT = 10_000;
/**
 * Finds the names of a jar and of the jars nested in it (stored, as Spring Boot's
 * `BOOT-INF/lib` and a war's `WEB-INF/lib` keep them) as the jar streams past:
 * every zip local header is looked for by its signature, so headers of nested jars
 * are met too, and only the entries that name a jar (pom.properties, pom.xml, the
 * manifest) are kept.
 */
class JarScanner {
    offset = 0;
    /** Bytes of a header that a chunk cut in two (at most a header's 30 bytes and a name of NAME_LIMIT). */
    carry = Buffer.alloc(0);
    captures = [];
    namings = [];
    nested = [];
    /** Naming documents read so far, whether they could be read or not. */
    documentsSeen = 0;
    write(chunk) {
        const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
        const base = this.offset - this.carry.length;
        this.offset += chunk.length;
        this.carry = Buffer.from(this.scan(data, base));
        for (const capture of this.captures)
            this.fill(capture, data, base);
        this.settleCaptures(false);
    }
    /** The jar's packages once its last byte has passed: the outer jar first. */
    result(path, fileBytes) {
        this.settleCaptures(true);
        const nested = this.nested.map(jar => ({
            entry: jar.entry,
            bytes: jar.size,
            ...this.nameOf(jar.entry, naming => naming.at >= jar.start && naming.at < jar.start + jar.size)
        }));
        const own = (at) => !this.nested.some(jar => at >= jar.start && at < jar.start + jar.size);
        const nestedBytes = nested.reduce((sum, jar) => sum + jar.bytes, 0);
        return [
            {
                entry: '',
                bytes: Math.max(0, fileBytes - nestedBytes),
                ...this.nameOf(path, naming => own(naming.at))
            },
            ...nested
        ];
    }
    /** Reads every local header wholly in `data`; returns the bytes from a header cut short. */
    scan(data, base) {
        let at = data.indexOf(LOCAL_HEADER);
        while (at !== -1) {
            if (data.length - at < LOCAL_HEADER_BYTES)
                return data.subarray(at);
            const nameLength = data.readUInt16LE(at + 26);
            const extraLength = data.readUInt16LE(at + 28);
            const end = at + LOCAL_HEADER_BYTES + nameLength;
            if (nameLength <= NAME_LIMIT) {
                if (end > data.length)
                    return data.subarray(at);
                this.header(data, at, base, end + extraLength);
            }
            at = data.indexOf(LOCAL_HEADER, at + 1);
        }
        // A signature may start in the last three bytes.
        return data.subarray(Math.max(0, data.length - (LOCAL_HEADER.length - 1)));
    }
    header(data, at, base, dataStart) {
        const name = data.toString('utf8', at + LOCAL_HEADER_BYTES, at + LOCAL_HEADER_BYTES + data.readUInt16LE(at + 26));
        const flags = data.readUInt16LE(at + 6);
        const method = data.readUInt16LE(at + 8);
        const size = data.readUInt32LE(at + 18);
        const start = base + dataStart;
        this.endCapturesAt(base + at);
        const kind = documentKind(name);
        if (kind && (method === STORED || method === DEFLATED)) {
            const known = (flags & SIZES_AFTER) === 0;
            if (known && size > POM_LIMIT)
                return;
            if (this.documentsSeen >= POMS_LIMIT || this.captures.length >= CAPTURES_AT_ONCE)
                return;
            this.documentsSeen++;
            const capture = {
                kind,
                at: base + at,
                start,
                size: known ? size : POM_LIMIT,
                method,
                chunks: [],
                filled: 0
            };
            this.captures.push(capture);
            // Most entries lie whole in the chunk their header is in: read there and then.
            this.fill(capture, data, base);
            this.settleCaptures(false);
        }
        else if (NESTED_JAR.test(name) &&
            method === STORED &&
            (flags & SIZES_AFTER) === 0 &&
            size > 0 &&
            this.nested.length < NESTED_LIMIT)
            this.nested.push({ entry: name, start, size });
    }
    /** An entry of unknown size ends where the next header starts: its captures are whole there. */
    endCapturesAt(offset) {
        for (const capture of this.captures)
            if (capture.start < offset)
                capture.size = Math.min(capture.size, Math.max(capture.filled, offset - capture.start));
        this.settleCaptures(false);
    }
    fill(capture, data, base) {
        const from = Math.max(capture.start + capture.filled, base);
        const to = Math.min(capture.start + capture.size, base + data.length);
        if (to <= from)
            return;
        capture.chunks.push(Buffer.from(data.subarray(from - base, to - base)));
        capture.filled += to - from;
    }
    /** Reads the captures that are whole (all of them at the jar's end). */
    settleCaptures(all) {
        for (let index = this.captures.length - 1; index >= 0; index--) {
            const capture = this.captures[index];
            if (!all && capture.filled < capture.size)
                continue;
            this.captures.splice(index, 1);
            const naming = namingOf(capture);
            if (naming)
                this.namings.push(naming);
        }
    }
    /**
     * A jar's name, as Maven tools know it: its pom.properties (the one, or the one
     * named like the file or the manifest), else its pom.xml likewise, else what its
     * manifest says, else the file's name and the version in it.
     */
    nameOf(file, inJar) {
        const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.jar$/, '');
        const found = this.namings.filter(inJar).sort((a, b) => a.at - b.at);
        const manifest = found.find(naming => naming.kind === 'manifest');
        const named = (each) => base === each.artifact ||
            base.startsWith(`${each.artifact}-`) ||
            (manifest !== undefined && manifest.artifact === each.artifact);
        for (const kind of ['properties', 'pom']) {
            const documents = found.filter(naming => naming.kind === kind);
            const pick = documents.length === 1 ? documents[0] : documents.find(named);
            if (pick)
                return { name: pick.name, version: pick.version };
        }
        const versioned = /^(.+?)-(\d[\w.+-]*)$/.exec(base);
        if (manifest?.name)
            return { name: manifest.name, version: manifest.version };
        if (manifest?.version)
            return { name: versioned?.[1] ?? base, version: manifest.version };
        return versioned ? { name: versioned[1], version: versioned[2] } : { name: base, version: null };
    }
}
/** The text of a captured entry; undefined when it does not inflate. */
function captured(capture) {
    const raw = Buffer.concat(capture.chunks);
    try {
        // Past the entry's end (sizes unknown) lie other bytes: the stream ends before them.
        const bytes = capture.method === DEFLATED
            ? (0,external_node_zlib_.inflateRawSync)(raw, { finishFlush: external_node_zlib_.constants.Z_SYNC_FLUSH })
            : raw;
        return bytes.toString('utf8');
    }
    catch {
        return undefined;
    }
}
/** What a captured document says of its jar; undefined when it names nothing. */
function namingOf(capture) {
    const text = captured(capture);
    if (text === undefined)
        return undefined;
    const read = {
        properties: propertiesCoordinates,
        pom: pomXmlCoordinates,
        manifest: manifestNaming
    };
    const fields = read[capture.kind](text);
    return fields && { at: capture.at, kind: capture.kind, ...fields };
}
const maven = (groupId, artifactId, version) => ({
    artifact: artifactId,
    name: `${groupId}:${artifactId}`,
    version: version || null
});
/** groupId, artifactId and version of a pom.properties. */
function propertiesCoordinates(text) {
    const properties = {};
    for (const line of text.split(/\r?\n/)) {
        const match = /^\s*(groupId|artifactId|version)\s*[=:]\s*(.*?)\s*$/.exec(line);
        if (match)
            properties[match[1]] = match[2];
    }
    const { groupId, artifactId, version } = properties;
    return groupId && artifactId ? maven(groupId, artifactId, version) : undefined;
}
const POM_FIELDS = new Set(['groupId', 'artifactId', 'version']);
/**
 * The project's own groupId, artifactId and version of a pom.xml (children of
 * <project>; the <parent>'s groupId and version where the project inherits them).
 * A version made of properties (`${…}`) is not resolved: it is left out.
 */
function pomXmlCoordinates(text) {
    const fields = {};
    const path = [];
    const xml = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
    for (const [, closing, name, selfClosing, following] of xml.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>([^<]*)/g)) {
        if (closing)
            path.pop();
        else if (!selfClosing)
            path.push(name.replace(/^.*:/, ''));
        const field = path[path.length - 1];
        if (closing || selfClosing || !POM_FIELDS.has(field))
            continue;
        const at = path.slice(0, -1).join('/');
        if (at === 'project' || at === 'project/parent')
            fields[`${at}/${field}`] = following.trim();
    }
    const field = (name) => fields[`project/${name}`] || fields[`project/parent/${name}`];
    const [groupId, artifactId, version] = [
        field('groupId'),
        fields['project/artifactId'],
        field('version')
    ];
    if (!groupId || !artifactId)
        return undefined;
    return maven(groupId, artifactId, version?.includes('${') ? undefined : version);
}
/** A jar manifest's name and version: the implementation's, else the OSGi bundle's. */
function manifestNaming(text) {
    const headers = new Map();
    let last = '';
    for (const line of text.split(/\r?\n/)) {
        if (line.trim() === '')
            break;
        // A line starting with a space continues the one before it.
        if (line.startsWith(' ') && last)
            headers.set(last, `${headers.get(last)}${line.slice(1)}`);
        const colon = line.indexOf(':');
        if (line.startsWith(' ') || colon < 1)
            continue;
        last = line.slice(0, colon).trim().toLowerCase();
        headers.set(last, line.slice(colon + 1).trim());
    }
    const name = headers.get('implementation-title') ??
        headers.get('bundle-symbolicname')?.split(';')[0].trim() ??
        '';
    const version = headers.get('implementation-version') ?? headers.get('bundle-version') ?? null;
    if (!name && !version)
        return undefined;
    return { artifact: name, name, version };
}

;// CONCATENATED MODULE: ./src/image/packages/npm.ts
/** `…/node_modules/<name>/package.json` or `…/@scope/<name>/…`; names never start with a dot (`.pnpm`, `.bin`). */
const MANIFEST = /(?:^|\/)node_modules\/(?:@[^/.][^/]*\/)?[^/.][^/]*\/package\.json$/;
const HIDDEN_LOCKFILE = /(?:^|\/)node_modules\/\.package-lock\.json$/;
const PROJECT_FILE = /(?:^|\/)(?:package\.json|package-lock\.json)$/;
/** Which npm metadata a path is, if any. */
function npmFileAt(path) {
    if (!path.endsWith('.json'))
        return undefined;
    if (MANIFEST.test(path))
        return 'manifest';
    if (HIDDEN_LOCKFILE.test(path))
        return 'lockfile';
    // A project's own files, not a package's: no node_modules on the way.
    if (PROJECT_FILE.test(path) && !path.includes('node_modules/'))
        return 'project';
    return undefined;
}
function json(text) {
    try {
        const value = JSON.parse(text);
        return value && typeof value === 'object' && !Array.isArray(value)
            ? value
            : undefined;
    }
    catch {
        return undefined;
    }
}
const npm_text = (value) => (typeof value === 'string' && value ? value : null);
/** The folder of a package.json path: the package's or the project's. */
const folderOf = (path) => path.slice(0, Math.max(0, path.lastIndexOf('/')));
/** A package's name and version from its package.json; the folder's name where the file is unreadable. */
function npmPackage(path, contents) {
    const manifest = contents === undefined ? undefined : json(contents);
    const folder = folderOf(path);
    const fallback = folder.slice(folder.lastIndexOf('node_modules/') + 'node_modules/'.length);
    return { name: npm_text(manifest?.name) ?? fallback, version: npm_text(manifest?.version) };
}
/**
 * The packages only development needs, as folders relative to the project: from a
 * lockfile (v2 and v3 mark each entry of `packages` dev; v1 each of its nested
 * `dependencies`), or else the project's own devDependencies (direct ones only).
 * undefined when the file says nothing.
 */
function npmDevEvidence(path, contents) {
    const document = json(contents);
    if (!document)
        return undefined;
    const packages = document.packages;
    if (packages && typeof packages === 'object') {
        const devFolders = Object.entries(packages)
            .filter(([folder, entry]) => folder && isDev(entry))
            .map(([folder]) => folder);
        return { kind: 'npm-dev', path, devFolders, fromLockfile: true };
    }
    if (document.lockfileVersion === 1)
        return {
            kind: 'npm-dev',
            path,
            devFolders: v1DevFolders(document.dependencies),
            fromLockfile: true
        };
    const dev = document.devDependencies;
    if (!dev || typeof dev !== 'object')
        return undefined;
    const devFolders = Object.keys(dev).map(name => `node_modules/${name}`);
    return { kind: 'npm-dev', path, devFolders, fromLockfile: false };
}
/** A v1 lockfile's dev entries, as folders: each of `dependencies` nests in its parent's node_modules. */
function v1DevFolders(dependencies) {
    const folders = [];
    // A stack of its own: a lockfile may nest deep.
    const stack = [['', dependencies]];
    while (stack.length > 0) {
        const [parent, level] = stack.pop();
        if (!level || typeof level !== 'object')
            continue;
        for (const [name, entry] of Object.entries(level)) {
            const folder = `${parent}node_modules/${name}`;
            if (isDev(entry))
                folders.push(folder);
            stack.push([`${folder}/`, entry?.dependencies]);
        }
    }
    return folders;
}
function isDev(entry) {
    if (!entry || typeof entry !== 'object')
        return false;
    const flags = entry;
    return flags.dev === true || flags.devOptional === true;
}

;// CONCATENATED MODULE: ./src/image/packages/python.ts
/**
 * Where a Python package's metadata lies, in the layouts pip and setuptools write:
 * `<dist>.dist-info/METADATA`, `<dist>.egg-info/PKG-INFO`, a single-file
 * `<dist>.egg-info` (what distutils' install_egg_info writes), and an unpacked egg's
 * `<dist>.egg/EGG-INFO/PKG-INFO`; its file list, `RECORD` or `installed-files.txt`,
 * in either kind of info folder.
 */
const METADATA = /\.(?:dist-info\/METADATA|egg-info\/PKG-INFO|egg-info|egg\/EGG-INFO\/PKG-INFO)$/;
const FILE_LIST = /\.(?:dist|egg)-info\/(?:RECORD|installed-files\.txt)$/;
function pythonFileAt(path) {
    if (METADATA.test(path))
        return 'metadata';
    if (FILE_LIST.test(path))
        return 'files';
    return undefined;
}
/** The `.dist-info`, `.egg-info` or `EGG-INFO` folder a metadata file lies in; a single-file `.egg-info` itself. */
const infoFolderOf = (path) => path.endsWith('.egg-info') ? path : path.slice(0, path.lastIndexOf('/'));
/**
 * What a package is when it lists no files: its info folder (or single file), or,
 * for an unpacked egg, the whole `.egg` folder its code lives in.
 */
const packageHomeOf = (info) => info.endsWith('.egg/EGG-INFO') ? info.slice(0, info.lastIndexOf('/')) : info;
/** pip's order among a package's file lists: RECORD before installed-files.txt. */
const fileListRank = (path) => (path.endsWith('/RECORD') ? 0 : 1);
/** PEP 503's normal form: what pip compares names by. */
const normalName = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');
/**
 * Name and version from the headers of a METADATA or PKG-INFO file (RFC 822
 * style, ended by a blank line). Without a Name header, the folder's name says it.
 */
function pythonPackage(path, contents) {
    const headers = new Map();
    for (const line of (contents ?? '').split('\n')) {
        if (line.trim() === '')
            break;
        const colon = line.indexOf(':');
        if (colon > 0 && !/^\s/.test(line))
            headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
    }
    const home = packageHomeOf(infoFolderOf(path));
    const stem = home.slice(home.lastIndexOf('/') + 1).replace(/\.(dist-info|egg-info|egg)$/, '');
    const [fallbackName, fallbackVersion] = stem.split('-');
    const name = headers.get('name') || fallbackName;
    const version = headers.get('version') || (headers.has('name') ? null : fallbackVersion || null);
    return { name: normalName(name), version };
}
/**
 * The files a RECORD (CSV: path, hash, size) or installed-files.txt lists,
 * relative to the folder the `.dist-info` or `.egg-info` lies in.
 */
function pythonFiles(path, contents) {
    const egg = path.endsWith('installed-files.txt');
    const folder = infoFolderOf(path);
    const info = folder.slice(folder.lastIndexOf('/') + 1);
    const files = [];
    for (const line of contents.split('\n')) {
        const file = egg ? line.trim() : firstCsvField(line);
        if (!file)
            continue;
        // installed-files.txt lists paths relative to the .egg-info folder itself.
        files.push(egg ? `${info}/${file}` : file);
    }
    return files;
}
/** The first field of a CSV line: quoted (with "" for a quote) or up to the first comma. */
function firstCsvField(line) {
    if (!line.startsWith('"'))
        return line.split(',', 1)[0].trim();
    let field = '';
    for (let at = 1; at < line.length; at++) {
        if (line[at] !== '"')
            field += line[at];
        else if (line[at + 1] === '"') {
            field += '"';
            at++;
        }
        else
            break;
    }
    return field;
}

;// CONCATENATED MODULE: ./src/image/packages/probe.ts







/** Metadata files larger than these are not read (an npm package is then named by its folder). */
const MANIFEST_LIMIT = 1024 * 1024;
const DATABASE_LIMIT = 16 * 1024 * 1024;
/** All the metadata one image's layers may have read: far more than real images hold. */
const IMAGE_METADATA_LIMIT = 64 * 1024 * 1024;
/** A Go binary is at least this large; smaller files are not looked into. */
const EXECUTABLE_MIN_BYTES = 256 * 1024;
/**
 * The metadata bytes an image's layers may still read, shared by its layers: what
 * is read is kept (parsed), so an archive of endless metadata must stop somewhere.
 */
class MetadataBudget {
    remaining;
    constructor(remaining = IMAGE_METADATA_LIMIT) {
        this.remaining = remaining;
    }
    /** Takes `bytes` from the budget; false (and nothing taken) when they do not fit. */
    take(bytes) {
        if (bytes > this.remaining)
            return false;
        this.remaining -= bytes;
        return true;
    }
}
/** A sink whose failure ends only itself: odd bytes in a file never fail the layer. */
function guarded(sink) {
    let failed = false;
    const attempt = (act) => {
        if (failed)
            return;
        try {
            act();
        }
        catch {
            failed = true;
        }
    };
    return { write: data => attempt(() => sink.write(data)), end: () => attempt(() => sink.end()) };
}
/**
 * Looks at a layer's entries for package metadata as the tar streams past: hands
 * the tar reader a sink for each metadata file, Go binary candidate and jar, and
 * keeps what they say as evidence. Never throws: metadata it cannot read is
 * evidence of a package without a version, or none at all.
 */
class PackageProbe {
    budget;
    evidence = [];
    constructor(budget) {
        this.budget = budget;
    }
    /** A sink for a regular file's contents, when they may say something about packages. */
    sinkFor(path, size) {
        const sink = this.metadataSink(path, size) ?? this.binarySink(path, size);
        return sink && guarded(sink);
    }
    /** A text sink for a metadata file that fits its limit and the image's budget; else `unread` is kept, if any. */
    read(size, limit, parse, unread) {
        // Its size is known and within the budget: collected whole, read as text.
        if (size <= limit && this.budget.take(size))
            return collected(contents => this.keep(parse(contents.toString('utf8'))));
        this.keep(unread);
        return undefined;
    }
    keep(evidence) {
        if (evidence)
            this.evidence.push(evidence);
    }
    metadataSink(path, size) {
        const npm = npmFileAt(path);
        if (npm === 'manifest')
            // An unread package.json still names its package, by its folder.
            return this.read(size, MANIFEST_LIMIT, text => ({ kind: 'npm', path, package: npmPackage(path, text) }), { kind: 'npm', path, package: npmPackage(path, undefined) });
        if (npm)
            return this.read(size, npm === 'lockfile' ? DATABASE_LIMIT : MANIFEST_LIMIT, text => npmDevEvidence(path, text));
        const python = pythonFileAt(path);
        if (python === 'metadata')
            return this.read(size, MANIFEST_LIMIT, text => ({
                kind: 'python',
                path,
                package: pythonPackage(path, text)
            }));
        if (python)
            return this.read(size, DATABASE_LIMIT, text => ({
                kind: 'python-files',
                path,
                files: pythonFiles(path, text)
            }));
        const deb = debFileAt(path);
        if (deb)
            return this.read(size, DATABASE_LIMIT, text => deb.file === 'status'
                ? { kind: 'deb', path, packages: debPackages(text) }
                : { kind: 'deb-files', path, package: debName(deb.package), files: debFiles(path, text) });
        if (path === APK_DATABASE)
            return this.read(size, DATABASE_LIMIT, text => ({
                kind: 'apk',
                path,
                packages: apkPackages(text)
            }));
        return undefined;
    }
    binarySink(path, size) {
        if (path.endsWith('.jar')) {
            const scanner = new JarScanner();
            return {
                write: data => scanner.write(data),
                end: () => this.keep({ kind: 'java', path, jars: scanner.result(path, size) })
            };
        }
        if (size < EXECUTABLE_MIN_BYTES)
            return undefined;
        const scanner = new GoBuildInfoScanner();
        return {
            write: data => scanner.write(data),
            end: () => {
                const info = scanner.result();
                if (info)
                    this.keep({ kind: 'go', path, main: info.main, modules: info.modules });
            }
        };
    }
}

;// CONCATENATED MODULE: ./src/image/whiteout.ts
/** The prefix of a whiteout entry's name: `dir/.wh.name` deletes `dir/name` in the layers below. */
const WHITEOUT = '.wh.';
/** An opaque marker: `dir/.wh..wh..opq` empties `dir` of what the layers below put there. */
const OPAQUE = '.wh..wh..opq';
/** The path a whiteout entry deletes. */
function whitedOut(path) {
    const slash = path.lastIndexOf('/');
    return `${path.slice(0, slash + 1)}${path.slice(slash + 1 + WHITEOUT.length)}`;
}

;// CONCATENATED MODULE: ./src/image/file-table.ts


/** The image config's fields that decide how the image runs. */
const RUNTIME_FIELDS = [
    'Entrypoint',
    'Cmd',
    'Env',
    'User',
    'WorkingDir',
    'ExposedPorts',
    'Volumes',
    'Labels',
    'Healthcheck',
    'StopSignal'
];
/** The runtime fields of an image config's `config`, those it sets. */
function runtimeConfig(config) {
    const picked = {};
    for (const field of RUNTIME_FIELDS)
        if (config?.[field] !== undefined && config[field] !== null)
            picked[field] = config[field];
    return picked;
}
/**
 * A compiled Python file's first 16 bytes hold its source's timestamp and size
 * (PEP 552): a rebuild that changes nothing writes new ones, so they are not its code.
 */
const PYC_HEADER = 16;
/** Hashes a file's contents into `record` as they pass, and hands them on to `next`. */
function digestSink(record, next) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let skip = record.path.endsWith('.pyc') ? PYC_HEADER : 0;
    return {
        write: data => {
            const kept = skip > 0 ? data.subarray(Math.min(skip, data.length)) : data;
            skip = Math.max(0, skip - data.length);
            hash.update(kept);
            next?.write(data);
        },
        end: () => {
            record.digest = hash.digest('hex');
            next?.end();
        }
    };
}
/** The folder an opaque marker empties: `dir/.wh..wh..opq` → `dir`. */
const file_table_folderOf = (path) => path.slice(0, Math.max(0, path.lastIndexOf('/')));
/** Whether `path` or a folder above it is in `roots` ('' is the root itself): by ancestor, as roots may number thousands. */
function under(path, roots) {
    if (roots.has(path))
        return true;
    for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1))
        if (roots.has(path.slice(0, at)))
            return true;
    return roots.has('');
}
/**
 * The final files of layers applied in order: each layer's whiteouts remove what
 * lies below (a path and all under it; an opaque folder's contents), then its own
 * entries land.
 */
function finalFiles(layers) {
    const files = new Map();
    layers.forEach((entries, layer) => {
        const removed = new Set();
        const emptied = new Set();
        for (const entry of entries) {
            if (entry.kind === 'whiteout')
                removed.add(whitedOut(entry.path));
            if (entry.kind === 'opaque')
                emptied.add(file_table_folderOf(entry.path));
        }
        if (removed.size + emptied.size > 0)
            for (const path of files.keys())
                if (under(path, removed) || (!emptied.has(path) && under(path, emptied)))
                    files.delete(path);
        for (const { path, kind, ...rest } of entries)
            if (kind !== 'whiteout' && kind !== 'opaque')
                files.set(path, { kind, ...rest, layer });
    });
    return files;
}

;// CONCATENATED MODULE: ./src/image/layer.ts







const KINDS = [
    'file',
    'symlink',
    'hardlink',
    'directory',
    'whiteout',
    'opaque',
    'other'
];
/**
 * A layer's entries, stored column by column: an image of 100,000 files keeps
 * these until every layer is read, and an object per entry would double their cost.
 * Iterating hands out one short-lived LayerEntry at a time.
 */
class LayerEntries {
    paths = [];
    kinds = [];
    sizes = [];
    /** The entries of a list, or the list itself when it is one already. */
    static of(entries) {
        if (entries instanceof LayerEntries)
            return entries;
        const columns = new LayerEntries();
        for (const entry of entries)
            columns.push(entry);
        return columns;
    }
    push(entry) {
        this.paths.push(entry.path);
        this.kinds.push(KINDS.indexOf(entry.kind));
        this.sizes.push(entry.bytes);
    }
    get length() {
        return this.paths.length;
    }
    // Read by index in the analysis's passes: no object per entry per pass.
    pathAt(index) {
        return this.paths[index];
    }
    kindAt(index) {
        return KINDS[this.kinds[index]];
    }
    bytesAt(index) {
        return this.sizes[index];
    }
    *[Symbol.iterator]() {
        for (let index = 0; index < this.paths.length; index++)
            yield { path: this.paths[index], kind: KINDS[this.kinds[index]], bytes: this.sizes[index] };
    }
}
/** What makes a name unclean: a leading `/` or `./`, `//`, a `.` or `..` part, a trailing `/`. */
const UNCLEAN = /^\.{0,2}\/|\/\/|\/\.{1,2}(\/|$)|^\.{1,2}$|\/$/;
/**
 * A layer path as Docker applies it: cleaned as Go's path.Clean cleans `"/" + name`
 * (`a/./b` is `a/b`, `a/../b` is `b`, nothing climbs above the root), without the
 * leading `/`. Whiteouts are matched against these, so both sides agree.
 */
function cleanPath(name) {
    // Most names are clean already; the rest go through the slow path.
    if (!UNCLEAN.test(name))
        return name;
    return external_node_path_.posix.normalize(`/${name}`).replace(/^\/+/, '').replace(/\/+$/, '');
}
function entryOf(header) {
    const path = cleanPath(header.name);
    const base = path.lastIndexOf('/') + 1;
    if (path.startsWith(WHITEOUT, base))
        return {
            path,
            kind: path.endsWith(OPAQUE) && path.length - base === OPAQUE.length ? 'opaque' : 'whiteout',
            bytes: 0
        };
    switch (header.type) {
        case 'file':
            return { path, kind: 'file', bytes: header.size };
        case 'symlink':
            return { path, kind: 'symlink', bytes: Buffer.byteLength(header.linkname) };
        case 'link':
            return { path, kind: 'hardlink', bytes: 0 };
        case 'directory':
            return { path, kind: 'directory', bytes: 0 };
        default:
            return { path, kind: 'other', bytes: 0 };
    }
}
/** An entry as the file table keeps it: its kind, owner, mode and link; its digest comes with its contents. */
function layerFile(entry, header) {
    const { mode, uid, gid, linkname } = header;
    const { kind } = entry;
    const link = kind === 'symlink' ? linkname : kind === 'hardlink' ? cleanPath(linkname) : '';
    return { path: entry.path, kind, mode, uid, gid, link, digest: '', bytes: entry.bytes };
}
/**
 * The folder entries of a layer that hold nothing else in it (dive's leaves): the
 * only folder entries a figure depends on, since a later whiteout of one counts
 * as a second copy of its path. The rest are many and are not kept.
 */
class LeafFolders {
    folders = new Set();
    parents = new Set();
    /** The last parent met: a tar lists a folder's entries together. */
    lastParent = '';
    add(entry) {
        if (entry.kind === 'directory')
            this.folders.add(entry.path);
        const { path } = entry;
        const slash = path.lastIndexOf('/');
        if (slash === this.lastParent.length && path.startsWith(this.lastParent))
            return;
        if (slash > 0)
            this.lastParent = path.slice(0, slash);
        // Every folder above an entry holds something; stop at one already known to.
        for (let at = slash; at > 0; at = path.lastIndexOf('/', at - 1)) {
            const parent = path.slice(0, at);
            if (this.parents.has(parent))
                return;
            this.parents.add(parent);
        }
    }
    leaves() {
        return [...this.folders].filter(folder => !this.parents.has(folder));
    }
}
/**
 * Measures a layer blob in one pass without holding it: the tar's entries, its
 * size, and its gzip size (compressed at level 6, as `gzip -6` does: an estimate of a push).
 * A blob that is already gzip or zstd is measured as it is. Written to synchronously, a
 * chunk at a time, with ready() awaited between chunks; analysis() rejects when
 * the blob is not a tar, and what is written after that is let go.
 */
class LayerMeter {
    entries = new LayerEntries();
    folders = new LeafFolders();
    reader = new TarReader(header => {
        const entry = entryOf(header);
        this.folders.add(entry);
        if (entry.kind !== 'directory')
            this.entries.push(entry);
        const probed = entry.kind === 'file' ? this.probe?.sinkFor(entry.path, entry.bytes) : undefined;
        if (!this.files)
            return probed;
        const file = layerFile(entry, header);
        this.files.push(file);
        return entry.kind === 'file' ? digestSink(file, probed) : probed;
    });
    /** Absent unless asked for (MeterOptions.files). */
    files;
    /** The uncompressed bytes, on their way to the reader, hashed: the layer's diff_id. */
    hash = (0,external_node_crypto_.createHash)('sha256');
    tarBytes = {
        write: chunk => {
            this.hash.update(chunk);
            this.reader.write(chunk);
        }
    };
    /** Absent when packages are not looked for (the benchmark's baseline). */
    probe;
    input;
    /** The first bytes, until there are enough to tell gzip and zstd from a tar. */
    head;
    failure;
    result;
    settle;
    constructor(options = {}) {
        if (options.packages !== false)
            this.probe = new PackageProbe(options.metadataBudget ?? new MetadataBudget());
        if (options.files)
            this.files = [];
        this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
        // Read by analysis(); a failure before anyone asks must not count as unhandled.
        this.result.catch(() => undefined);
    }
    write(chunk) {
        const data = this.head ? Buffer.concat([this.head, chunk]) : chunk;
        this.head = undefined;
        // Kept past this call: a copy (the chunk's buffer may be reused).
        if (!this.input && data.length < MAGIC_BYTES)
            this.head = Buffer.from(data);
        else
            this.feed(data);
    }
    /** Resolves when the meter can take the next chunk; never rejects (see analysis()). */
    async ready() {
        if (!this.input || this.failure)
            return;
        await this.input.ready().catch((error) => this.fail(error));
    }
    end() {
        if (this.head || !this.input)
            this.feed(this.head ?? Buffer.alloc(0));
        const input = this.input;
        if (this.failure || !input)
            return;
        input.end().then(sizes => this.finish(input.exact, sizes), (error) => this.fail(error));
        // What reads and compresses the blob goes once it has all of it.
        this.input = undefined;
    }
    analysis() {
        return this.result;
    }
    feed(data) {
        if (this.failure)
            return;
        this.input ??= layerInput(data, this.tarBytes);
        try {
            this.input.write(data);
        }
        catch (error) {
            this.fail(error);
        }
    }
    finish(compressedExact, sizes) {
        try {
            this.reader.end();
        }
        catch (error) {
            this.fail(error);
            return;
        }
        for (const path of this.folders.leaves())
            this.entries.push({ path, kind: 'directory', bytes: 0 });
        this.settle.resolve({
            ...sizes,
            diffId: `sha256:${this.hash.digest('hex')}`,
            compressedExact,
            contentBytes: contentBytesOf(this.entries),
            entries: this.entries,
            packages: this.probe?.evidence ?? [],
            files: this.files
        });
    }
    fail(error) {
        this.failure ??= error;
        this.settle.reject(this.failure);
    }
}
/** Measures a layer blob from an iterable of its chunks (see LayerMeter). */
async function analyzeLayer(blob, options = {}) {
    const meter = new LayerMeter(options);
    for await (const chunk of blob) {
        meter.write(chunk);
        await meter.ready();
    }
    meter.end();
    return meter.analysis();
}
function contentBytesOf(entries) {
    let bytes = 0;
    for (let index = 0; index < entries.length; index++) {
        const kind = entries.kindAt(index);
        if (kind === 'file' || kind === 'symlink')
            bytes += entries.bytesAt(index);
    }
    return bytes;
}

// EXTERNAL MODULE: external "node:path/posix"
var posix_ = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/process/fifo.ts

/** A new FIFO at `file`, only its owner may open it. */
async function makeFifo(file) {
    const made = await (0,command/* runCommand */.d)('mkfifo', ['-m', '600', file]);
    if (!made.ok)
        throw new Error(`mkfifo ${file}: ${made.error}`);
}

;// CONCATENATED MODULE: ./src/process/command-output.ts







/** A pipe's capacity: no read returns more. */
const CHUNK = 64 * 1024;
/**
 * Starts a command whose standard output is read into one buffer, reused for
 * every chunk. A stream allocates a buffer per read: an archive of 150 MB makes
 * 2,400 of them, which the allocator keeps long after they are dropped (about
 * 15 MB of a measurement's peak) and the collector has to chase. Node hands a
 * child's pipe to a stream only, so the command writes into a FIFO whose reading
 * end is opened here; its path is gone before the command starts.
 */
async function spawnWithOutput(command, args) {
    const { readFd, writeFd } = await openFifo();
    try {
        const child = (0,external_node_child_process_.spawn)(command, args, { stdio: ['ignore', writeFd, 'pipe'] });
        return { child, chunks: reusedChunks(readFd) };
    }
    finally {
        // The command has its own copy; the pipe ends when it exits.
        (0,external_node_fs_.closeSync)(writeFd);
    }
}
/** Both ends of a new FIFO, whose path is removed once they are open. */
async function openFifo() {
    const dir = await (0,promises_.mkdtemp)(external_node_path_.join((0,external_node_os_.tmpdir)(), 'sizegate-pipe-'));
    try {
        const fifo = external_node_path_.join(dir, 'out');
        await makeFifo(fifo);
        // Opened for reading first, without waiting for a writer, so that opening it
        // for writing does not wait either.
        const readFd = (0,external_node_fs_.openSync)(fifo, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
        try {
            return { readFd, writeFd: (0,external_node_fs_.openSync)(fifo, external_node_fs_.constants.O_WRONLY) };
        }
        catch (error) {
            (0,external_node_fs_.closeSync)(readFd);
            throw error;
        }
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
/**
 * The chunks of a pipe, each a view of one reused buffer: valid until the loop
 * asks for the next one, so whoever keeps bytes copies them.
 */
async function* reusedChunks(fd) {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let filled = 0;
    let ended = false;
    let failure;
    let wake;
    const options = {
        fd,
        readable: true,
        writable: false,
        onread: {
            buffer,
            callback: bytes => {
                filled = bytes;
                wake?.();
                // Paused until the chunk is used: the next read would write over it.
                return false;
            }
        }
    };
    const socket = new external_node_net_.Socket(options);
    const settle = (change) => {
        change();
        wake?.();
    };
    socket.on('end', () => settle(() => (ended = true)));
    socket.on('error', (error) => settle(() => (failure = error)));
    try {
        for (;;) {
            if (filled === 0 && !ended && !failure)
                await new Promise(resolve => (wake = resolve));
            wake = undefined;
            if (failure)
                throw failure;
            if (filled === 0)
                return;
            const bytes = filled;
            filled = 0;
            yield buffer.subarray(0, bytes);
            socket.resume();
        }
    }
    finally {
        socket.destroy();
    }
}

;// CONCATENATED MODULE: ./src/image/engine.ts

/** A docker command whose output we read; '' when it fails. */
async function read(args) {
    const result = await (0,command/* docker */.T)(args, { timeoutMs: 30_000 });
    return result.ok ? result.stdout.trim() : '';
}
/** `docker info`'s driver status as the engine reports it with the containerd image store. */
function storeOf(driverStatus) {
    return driverStatus.includes('io.containerd.snapshotter') ? 'containerd' : 'classic';
}
/** The engine's version and image store, from one `docker info`. */
async function engineFacts() {
    const info = await read(['info', '--format', '{{.ServerVersion}}\t{{json .DriverStatus}}']);
    const [version, driverStatus = ''] = info.split('\t');
    return { version: version || undefined, imageStore: storeOf(driverStatus) };
}
/** The engine's id of an image: what `docker run` and `docker image inspect` take. */
async function engineImageId(reference) {
    return (await read(['image', 'inspect', '--format', '{{.Id}}', reference])) || undefined;
}
/**
 * The one image `docker save` should write for a reference, as `docker run` reads it:
 * a name without a tag or digest means its `latest` tag (`docker save repo` would
 * write every tag of repo); an image id stays as it is.
 */
function savedReference(reference) {
    if (/^(sha256:)?[0-9a-f]{12,64}$/.test(reference) || reference.includes('@'))
        return reference;
    const slash = reference.lastIndexOf('/');
    return reference.lastIndexOf(':') > slash ? reference : `${reference}:latest`;
}
/** The ids of every image in the engine, intermediate ones too; undefined when it does not answer. */
async function engineImageIds() {
    const result = await (0,command/* docker */.T)(['images', '--all', '--quiet', '--no-trunc'], { timeoutMs: 30_000 });
    return result.ok ? new Set(result.stdout.split('\n').filter(Boolean)) : undefined;
}
/**
 * Removes the images some builds left in the engine for sizegate alone (a fix's
 * proof, the base commit's build): those that were not there before (`before`) and
 * that no name points to, so the head's image, when a proof came out the same, and
 * anything the user named stay. A failure is no error: nothing is lost by it.
 */
async function removeNewImages(ids, before) {
    for (const id of new Set(ids)) {
        if (!id || before.has(id))
            continue;
        const tags = await read(['image', 'inspect', '--format', '{{len .RepoTags}}', id]);
        if (tags === '0')
            await (0,command/* docker */.T)(['image', 'rm', id], { timeoutMs: 60_000 });
    }
}
/** A repository as a registry knows it: `node` → `docker.io/library/node`. */
function registryRepository(reference) {
    const name = reference.split('@')[0].replace(/:[^:/]+$/, '');
    const [first, ...rest] = name.split('/');
    if (rest.length === 0)
        return `docker.io/library/${name}`;
    const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
    return isHost ? name : `docker.io/${name}`;
}
/**
 * Whether the engine holds an image that its registry is not known to have: built or
 * imported here and never pushed or pulled under this name (no repo digest of its
 * repository; the same image pushed under another name does not count). A builder
 * that pulls its base images (docker-container, remote) cannot see such an image.
 */
async function onlyInEngine(reference) {
    const digests = await read(['image', 'inspect', '--format', '{{json .RepoDigests}}', reference]);
    if (!digests)
        return false;
    const repository = registryRepository(reference);
    const known = JSON.parse(digests) ?? [];
    return !known.some(digest => registryRepository(digest) === repository);
}

;// CONCATENATED MODULE: ./src/image/archive.ts







/** One image of a docker-archive's manifest.json. */
const ArchiveManifestSchema = schemas/* object */.Ikc({
    Config: schemas/* string */.YjP(),
    RepoTags: schemas/* array */.YOg(schemas/* string */.YjP()).nullish(),
    Layers: schemas/* array */.YOg(schemas/* string */.YjP())
});
const HistoryEntrySchema = schemas/* object */.Ikc({
    created: schemas/* string */.YjP().optional(),
    created_by: schemas/* string */.YjP().optional(),
    comment: schemas/* string */.YjP().optional(),
    empty_layer: schemas/* boolean */.zMY().optional()
});
/** The parts of an image config this tool reads. */
const ImageConfigSchema = schemas/* object */.Ikc({
    architecture: schemas/* string */.YjP().optional(),
    os: schemas/* string */.YjP().optional(),
    variant: schemas/* string */.YjP().optional(),
    history: schemas/* array */.YOg(HistoryEntrySchema).optional(),
    rootfs: schemas/* object */.Ikc({ diff_ids: schemas/* array */.YOg(schemas/* string */.YjP()).optional() }).optional(),
    /** How the image runs: entrypoint, command, environment, user… */
    config: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).nullish()
});
// JSON documents (manifest, config, index) are small; anything larger streams.
const BUFFER_LIMIT = 1024 * 1024;
/** All the JSON documents an archive may hold, together: beyond it, no image needs them. */
const DOCUMENTS_LIMIT = 64 * 1024 * 1024;
/** Links followed from one name before they are taken for a loop (Linux's own limit). */
const LINK_HOPS = 40;
/** Indexes within indexes, followed as deep as links: a real image nests two. */
const INDEX_DEPTH = 40;
function mayBeLayer(name) {
    return name.endsWith('/layer.tar') || name.startsWith('blobs/');
}
/** What an image may need of a small entry: a JSON document or a small layer. */
function mayBeNeeded(name) {
    return mayBeLayer(name) || name.endsWith('.json') || name.endsWith('/json');
}
/**
 * Reads an image archive from a stream: `docker save` (legacy or OCI-layout
 * flavour), or an OCI layout as a builder exports it, one image per platform.
 * Each layer is measured as it passes: nothing is held but small JSON documents
 * and each layer's entry list, and nothing is written to disk. One synchronous
 * reader walks the archive and the layers in it; a chunk at a time, it waits
 * only for the layer being read to take more.
 */
async function readImageArchives(stream, meterOptions = {}) {
    // One budget of package metadata for all the archive's layers.
    const options = { metadataBudget: new MetadataBudget(), ...meterOptions };
    const small = new Map();
    const layers = new Map();
    const links = new Map();
    let held = 0;
    const hold = (name, contents) => {
        held += contents.length - (small.get(name)?.length ?? 0);
        if (held > DOCUMENTS_LIMIT)
            throw new Error(`its small entries hold over ${DOCUMENTS_LIMIT / 1024 / 1024} MiB, more than an image's documents take`);
        small.set(name, contents);
    };
    let current;
    const reader = new TarReader(header => {
        const name = posix_.normalize(header.name);
        if (header.type === 'symlink') {
            // docker writes a layer it already wrote as a link to the first copy.
            links.set(name, posix_.join(posix_.dirname(name), header.linkname));
        }
        else if (header.type !== 'file' || !mayBeNeeded(name)) {
            return undefined;
        }
        else if (header.size <= BUFFER_LIMIT) {
            return collected(contents => hold(name, contents));
        }
        else if (mayBeLayer(name)) {
            current = new LayerMeter(options);
            layers.set(name, outcomeOf(current.analysis()));
            return current;
        }
        return undefined;
    });
    for await (const chunk of stream) {
        reader.write(chunk);
        if (current)
            await current.ready();
    }
    reader.end();
    const blobs = { small, layers, links, options };
    return small.has('manifest.json') ? [await assemble(blobs)] : assembleLayout(blobs);
}
const outcomeOf = (analysis) => analysis.then(layer => ({ layer }), (failure) => ({ failure }));
/** The one image of a `docker save` archive. */
async function readImageArchive(stream, meterOptions = {}) {
    const [image] = await readImageArchives(stream, meterOptions);
    return image;
}
/** A JSON document of the archive, checked against the parts of it this tool reads. */
function parseJson(buffer, what, schema) {
    if (!buffer)
        throw new Error(`the image archive has no ${what}`);
    let json;
    try {
        json = JSON.parse(buffer.toString('utf8'));
    }
    catch {
        throw new Error(`${what} is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (parsed.success)
        return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue.path
        .map((part, index) => typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`)
        .join('');
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    const problem = missing ? 'is missing' : `is wrong (${issue.message})`;
    throw new Error(field
        ? `${what} is not as an image archive has it: its field ${field} ${problem}`
        : `${what} is not as an image archive has it (${issue.message})`);
}
/** A name followed through the archive's links, which must end. */
function resolved(blobs, name) {
    let at = posix_.normalize(name);
    for (let hops = 0; blobs.links.has(at); hops++) {
        if (hops === LINK_HOPS)
            throw new Error(`${name}: its links loop`);
        at = blobs.links.get(at);
    }
    return at;
}
/** A layer by its path in the archive, followed through links. */
async function layerAt(blobs, layerPath) {
    const name = resolved(blobs, layerPath);
    const buffered = blobs.small.get(name);
    if (buffered && !blobs.layers.has(name))
        blobs.layers.set(name, outcomeOf(analyzeLayer([buffered], blobs.options)));
    const measured = await blobs.layers.get(name);
    if (!measured)
        throw new Error(`the image archive has no layer ${layerPath}`);
    if ('failure' in measured)
        throw new Error(`layer ${layerPath}: ${measured.failure.message}`);
    const { layer } = measured;
    // A copy per image: two platforms may share a blob, and each lets go of its entries.
    return { ...layer, blob: name };
}
/**
 * Each layer's uncompressed bytes against the diff_id the config names it by, as
 * `docker load` checks them: a layer changed on its way (a header grown into the next,
 * a byte flipped in a file) is refused, not measured. A config whose diff_ids do not
 * pair with the layers (missing, another count) is measured without the check.
 */
function checkDiffIds(config, layers, layerPaths) {
    const diffIds = config.rootfs?.diff_ids;
    if (diffIds?.length !== layers.length)
        return;
    layers.forEach((layer, index) => {
        if (layer.diffId !== diffIds[index])
            throw new Error(`layer ${layerPaths[index]}: its contents are not what the config's diff_ids[${index}] names (${diffIds[index].slice(0, 80)}; read ${layer.diffId})`);
    });
}
/** An image from its config's path and digest and its layers' paths in the archive. */
async function imageAt(blobs, config, layerPaths) {
    const configBuffer = blobs.small.get(posix_.normalize(config.path));
    const layers = [];
    for (const layerPath of layerPaths)
        layers.push(await layerAt(blobs, layerPath));
    const parsed = parseJson(configBuffer, `config ${config.path}`, ImageConfigSchema);
    checkDiffIds(parsed, layers, layerPaths);
    return {
        config: parsed,
        configBytes: configBuffer?.length ?? 0,
        configDigest: config.digest,
        layers
    };
}
/** The image of an archive's manifest.json (docker's own format). */
async function assemble(blobs) {
    const [manifest] = parseJson(blobs.small.get('manifest.json'), 'manifest.json', schemas/* array */.YOg(ArchiveManifestSchema));
    if (!manifest)
        throw new Error('the image archive holds no image');
    // Named by its digest: `<hex>.json` (legacy) or `blobs/sha256/<hex>`.
    const hex = /([0-9a-f]{64})(?:\.json)?$/.exec(manifest.Config)?.[1];
    const config = { path: manifest.Config, digest: hex ? `sha256:${hex}` : '' };
    const image = await imageAt(blobs, config, manifest.Layers);
    return { ...image, indexDigest: soleImageDigest(blobs) };
}
/** The digest of the one image an index.json beside manifest.json lists, if it lists one. */
function soleImageDigest(blobs) {
    if (!blobs.small.has('index.json'))
        return undefined;
    try {
        const index = parseJson(blobs.small.get('index.json'), 'index.json', OciDocumentSchema);
        const [only, ...more] = index.manifests ?? [];
        return more.length === 0 && typeof only?.digest === 'string' ? only.digest : undefined;
    }
    catch {
        return undefined;
    }
}
/** A descriptor of an OCI index or manifest. */
const DescriptorSchema = schemas/* object */.Ikc({
    mediaType: schemas/* string */.YjP().optional(),
    digest: schemas/* string */.YjP(),
    annotations: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional(),
    platform: schemas/* object */.Ikc({ os: schemas/* string */.YjP().optional(), architecture: schemas/* string */.YjP().optional() }).optional()
});
const OciDocumentSchema = schemas/* object */.Ikc({
    mediaType: schemas/* string */.YjP().optional(),
    manifests: schemas/* array */.YOg(DescriptorSchema).optional(),
    config: DescriptorSchema.optional(),
    layers: schemas/* array */.YOg(DescriptorSchema).optional()
});
const blobPath = (digest) => `blobs/${digest.replace(':', '/')}`;
/** Attestations (provenance, SBOM) ride in the index as manifests of no platform. */
function isAttestation(descriptor) {
    return (descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
        descriptor.platform?.os === 'unknown');
}
/**
 * The images of an OCI layout (index.json, nested indexes unfolded, at most
 * INDEX_DEPTH deep as links are followed), attestations left out.
 */
async function assembleLayout(blobs) {
    const images = [];
    // Each document once: an index listed twice, or listing itself, is read once.
    const seen = new Set();
    const visit = async (document, depth) => {
        for (const descriptor of document.manifests ?? []) {
            if (isAttestation(descriptor) || seen.has(descriptor.digest))
                continue;
            seen.add(descriptor.digest);
            const child = parseJson(blobs.small.get(blobPath(descriptor.digest)), `manifest ${descriptor.digest}`, OciDocumentSchema);
            if (!child.manifests)
                images.push(await imageOf(blobs, child));
            else if (depth === INDEX_DEPTH)
                throw new Error(`index.json: its indexes nest more than ${INDEX_DEPTH} deep`);
            else
                await visit(child, depth + 1);
        }
    };
    if (!blobs.small.has('index.json'))
        throw new Error('the image archive has no manifest.json or index.json');
    await visit(parseJson(blobs.small.get('index.json'), 'index.json', OciDocumentSchema), 1);
    if (images.length === 0)
        throw new Error('the image archive holds no image');
    return images;
}
function imageOf(blobs, manifest) {
    if (!manifest.config)
        throw new Error('an image manifest of the archive names no config');
    // An image manifest must list its layers (an empty image lists none): without the
    // list, the image would read as empty, a wrong number rather than a refusal.
    if (!manifest.layers)
        throw new Error('an image manifest of the archive lists no layers');
    const { digest } = manifest.config;
    const layerPaths = manifest.layers.map(layer => blobPath(layer.digest));
    return imageAt(blobs, { path: blobPath(digest), digest }, layerPaths);
}
/** A stream's chunks as they pass, each told to `watch` (bytes read so far, for progress). */
async function* watched(stream, watch) {
    for await (const chunk of stream) {
        watch(chunk.length);
        yield chunk;
    }
}
/** Streams `docker save IMAGE` into the archive reader; never touches the disk. */
async function saveAndReadImage(image, watch, meterOptions = {}) {
    const { child, chunks } = await spawnWithOutput('docker', ['save', savedReference(image)]);
    const stderr = [];
    child.stderr?.on('data', (chunk) => stderr.push(chunk));
    let spawnError;
    child.on('error', error => (spawnError = error));
    const exited = new Promise(resolve => child.on('close', code => resolve(code ?? 1)));
    try {
        const archive = await readImageArchive(watch ? watched(chunks, watch) : chunks, meterOptions);
        const code = await exited;
        if (code !== 0)
            throw new Error(`docker save exited with ${code}`);
        return archive;
    }
    catch (error) {
        child.kill();
        const said = Buffer.concat(stderr).toString('utf8').trim();
        const cause = spawnError?.message ?? (said || error.message);
        throw new Error(`could not read image ${image} through docker save: ${cause}`, { cause: error });
    }
}

// EXTERNAL MODULE: ./node_modules/dockerfile-ast/lib/main.js
var main = __webpack_require__(8390);
;// CONCATENATED MODULE: ./src/dockerfile/substitute.ts
/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}` and
 * `${NAME+word}` the way the Dockerfile frontend does for FROM and flag values.
 * `escape` followed by `$` keeps a literal `$`. Unknown names expand to ''.
 */
function substitute(text, vars, escape = '\\') {
    let out = '';
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (ch === escape && text[i + 1] === '$') {
            out += '$';
            i++;
            continue;
        }
        if (ch !== '$') {
            out += ch;
            continue;
        }
        const braced = parseBraced(text, i);
        if (braced) {
            out += expandBraced(braced.name, braced.operator, braced.word, vars, escape);
            i = braced.end;
            continue;
        }
        const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
        if (plain) {
            out += vars.get(plain[1]) ?? '';
            i += plain[0].length - 1;
            continue;
        }
        out += ch;
    }
    return out;
}
/** `${NAME}` or `${NAME<op>word}` at `start`, with nested braces in the word. */
function parseBraced(text, start) {
    const head = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+])?/.exec(text.slice(start));
    if (!head)
        return undefined;
    let depth = 1;
    for (let at = start + head[0].length; at < text.length; at++) {
        if (text[at] === '{')
            depth++;
        if (text[at] === '}' && --depth === 0) {
            const word = text.slice(start + head[0].length, at);
            if (!head[2] && word !== '')
                return undefined;
            return { name: head[1], operator: head[2], word, end: at };
        }
    }
    return undefined;
}
function expandBraced(name, operator, word, vars, escape) {
    const value = vars.get(name);
    const alternative = substitute(word ?? '', vars, escape);
    switch (operator) {
        case ':-':
            return value ? value : alternative;
        case '-':
            return value !== undefined ? value : alternative;
        case ':+':
            return value ? alternative : '';
        case '+':
            return value !== undefined ? alternative : '';
        default:
            return value ?? '';
    }
}

;// CONCATENATED MODULE: ./src/dockerfile/model.ts


/** Args that BuildKit defines without an ARG in the global scope. */
function platformArgs(buildPlatform, targetPlatform) {
    const split = (platform) => {
        const [os = '', arch = '', variant = ''] = platform.split('/');
        return [os, arch, variant];
    };
    const [buildOs, buildArch, buildVariant] = split(buildPlatform);
    const [targetOs, targetArch, targetVariant] = split(targetPlatform);
    return new Map([
        ['BUILDPLATFORM', buildPlatform],
        ['BUILDOS', buildOs],
        ['BUILDARCH', buildArch],
        ['BUILDVARIANT', buildVariant],
        ['TARGETPLATFORM', targetPlatform],
        ['TARGETOS', targetOs],
        ['TARGETARCH', targetArch],
        ['TARGETVARIANT', targetVariant]
    ]);
}
/** Lines `first`..`last` (1-based) as one: escapes at line ends and comment lines dropped. */
function joinedSource(lines, first, last, escape) {
    return lines
        .slice(first - 1, last)
        .map(line => line.trim())
        .filter(line => !line.startsWith('#'))
        .map(line => (line.endsWith(escape) ? line.slice(0, -escape.length) : line).trim())
        .filter(Boolean)
        .join(' ');
}
function info(instruction, lines, escape) {
    const range = instruction.getRange();
    const line = range.start.line + 1;
    const endLine = range.end.line + 1;
    return {
        keyword: instruction.getKeyword(),
        line,
        endLine,
        text: (instruction.getArgumentsContent() ?? '').trim(),
        flags: flags(instruction).map(flag => flag.getName()),
        source: joinedSource(lines, line, endLine, escape)
    };
}
function flags(instruction) {
    const withFlags = instruction;
    return withFlags.getFlags ? withFlags.getFlags() : [];
}
/** The global scope: predefined args, then each global ARG's default or the build arg. */
function globalScope(globalArgs, options, escape) {
    const scope = new Map(options.predefined);
    for (const arg of globalArgs) {
        const given = options.buildArgs.get(arg.name);
        if (given !== undefined)
            scope.set(arg.name, given);
        else if (arg.defaultValue !== undefined)
            scope.set(arg.name, substitute(arg.defaultValue, scope, escape));
    }
    return scope;
}
/**
 * Reads a Dockerfile into stages, with FROM resolved through the global ARGs and
 * the build args, and each stage's references to other stages or images.
 */
function parseDockerfile(content, options) {
    const dockerfile = main.DockerfileParser.parse(content);
    const escape = dockerfile.getEscapeCharacter();
    const lines = content.split(/\r?\n/);
    const globalArgs = dockerfile.getInitialARGs().flatMap(arg => {
        const property = arg.getProperty();
        if (!property)
            return [];
        return [{ name: property.getName(), defaultValue: property.getValue() ?? undefined }];
    });
    const scope = globalScope(globalArgs, options, escape);
    const declaredArgs = new Set();
    const stages = [];
    const pendingUses = [];
    for (const instruction of dockerfile.getInstructions()) {
        const keyword = instruction.getKeyword();
        if (keyword === 'ARG') {
            for (const arg of instruction.getArguments())
                declaredArgs.add(arg.getValue().split('=')[0]);
        }
        if (keyword === 'FROM') {
            stages.push(fromInstruction(info(instruction, lines, escape), instruction, stages, scope, escape));
            continue;
        }
        const stage = stages[stages.length - 1];
        if (!stage)
            continue;
        const described = info(instruction, lines, escape);
        stage.instructions.push(described);
        for (const flag of flags(instruction)) {
            if (keyword === 'COPY' && flag.getName() === 'from' && flag.getValue()) {
                pendingUses.push({
                    stage,
                    value: flag.getValue(),
                    line: described.line,
                    via: 'COPY --from'
                });
            }
            if (keyword === 'RUN' && flag.getName() === 'mount') {
                const from = flag
                    .getOptions()
                    .find(option => option.getName() === 'from')
                    ?.getValue();
                if (from)
                    pendingUses.push({
                        stage,
                        value: from,
                        line: described.line,
                        via: 'RUN --mount from'
                    });
            }
        }
    }
    // Names may point to any stage of the file, so resolve once all are known.
    for (const use of pendingUses) {
        use.stage.uses.push(resolveRef(substitute(use.value, scope, escape), stages, use.line, use.via));
    }
    return { text: content, escape, globalArgs, declaredArgs, stages };
}
function fromInstruction(described, instruction, earlier, scope, escape) {
    const from = instruction;
    const baseExpression = from.getImage() ?? '';
    const platform = flags(instruction).find(flag => flag.getName() === 'platform');
    const resolved = substitute(baseExpression, scope, escape);
    const byName = earlier.find(stage => stage.name?.toLowerCase() === resolved.toLowerCase());
    return {
        index: earlier.length,
        name: from.getBuildStage() ?? undefined,
        line: described.line,
        source: described.source,
        baseExpression,
        base: byName ? { kind: 'stage', index: byName.index } : { kind: 'image', ref: resolved },
        platformFlag: platform?.getValue() ?? undefined,
        instructions: [],
        uses: []
    };
}
/** A reference is image-like when it has a registry, a path, a tag or a digest. */
function looksLikeImage(value) {
    return /[/:@]/.test(value);
}
/** The stage a `--from` value names: by index or by name (any case); undefined for none. */
function findStage(stages, value) {
    if (/^[0-9]+$/.test(value))
        return stages[Number(value)];
    return stages.find(candidate => candidate.name?.toLowerCase() === value.toLowerCase());
}
/** The stage and the stages it is built FROM, root first: their instructions make its layers. */
function stageChain(stages, stage) {
    const chain = [stage];
    for (let base = stage.base; base.kind === 'stage'; base = chain[0].base)
        chain.unshift(stages[base.index]);
    return chain;
}
function resolveRef(value, stages, line, via) {
    const stage = findStage(stages, value);
    if (stage)
        return { kind: 'stage', index: stage.index };
    if (/^[0-9]+$/.test(value) || !looksLikeImage(value))
        return { kind: 'unknown', name: value, line, via };
    return { kind: 'image', ref: value };
}
/** A stage's display name: its name, or its index as docker accepts it in --target-less builds. */
function stageLabel(stage) {
    return stage.name ?? String(stage.index);
}
/** The absolute WORKDIR in force before `line`, without its leading slash; undefined if relative or unset. */
function workdirBefore(stage, line) {
    const workdirs = stage.instructions.filter(item => item.keyword === 'WORKDIR' && item.line < line);
    const last = workdirs[workdirs.length - 1]?.text.trim();
    return last?.startsWith('/') ? last.replace(/^\/+|\/+$/g, '') : undefined;
}

;// CONCATENATED MODULE: ./src/image/attribute.ts

/**
 * The instruction keyword of a history `created_by`, for BuildKit
 * (`RUN /bin/sh -c … # buildkit`, `COPY /src /dst # buildkit`) and the classic
 * builder (`/bin/sh -c #(nop) COPY …`, `|1 A=b /bin/sh -c …` for RUN).
 */
function instructionOf(createdBy) {
    const text = (createdBy ?? '').trim();
    const nop = /#\(nop\)\s+([A-Z]+)/.exec(text);
    if (nop)
        return nop[1];
    const keyword = /^([A-Z]+)\b/.exec(text);
    if (keyword)
        return keyword[1];
    return /^(\|\d+ .*)?\/bin\/sh -c /.test(text) ? 'RUN' : '';
}
/**
 * The whole history, empty entries included, when it accounts for every layer;
 * else one blank (layer-making) entry per layer.
 */
function fullHistory(history, layerCount) {
    const made = (history ?? []).filter(entry => !entry.empty_layer);
    if (made.length !== layerCount)
        return Array.from({ length: layerCount }, () => ({}));
    return history ?? [];
}
/**
 * Walking back through the whole history, empty entries included (an instruction
 * that changed no file still has its entry, which keeps a base-image layer off its
 * line), each entry is matched to the latest unmatched instruction of its keyword
 * in the target's stage chain; the first one that matches nothing, and all before
 * it, came with the base image and belong to the root stage's FROM line.
 */
function walkHistory(history, chain) {
    const instructions = chain.flatMap(stage => stage.instructions.map(instruction => ({ ...instruction, stage: stageLabel(stage) })));
    const root = chain[0];
    const origins = new Array(history.length);
    let next = instructions.length - 1;
    let index = history.length - 1;
    for (; index >= 0; index--) {
        const keyword = instructionOf(history[index].created_by);
        let match = next;
        while (match >= 0 && instructions[match].keyword !== keyword)
            match--;
        if (match < 0)
            break;
        const instruction = instructions[match];
        origins[index] = {
            line: instruction.line,
            stage: instruction.stage,
            instruction: keyword,
            source: instruction.source
        };
        next = match - 1;
    }
    const matched = history.length - 1 - index;
    for (; index >= 0; index--)
        origins[index] = {
            line: root.line,
            stage: stageLabel(root),
            instruction: 'FROM',
            source: root.source
        };
    return { origins, matched };
}
/**
 * Pairs each layer with the instruction that made it (see walkHistory). Returns
 * the origins of the layer-making entries, in layer order.
 */
function attributeLayers(history, chain) {
    if (chain.length === 0)
        return unattributed(history);
    const { origins } = walkHistory(history, chain);
    return origins.filter((_, entry) => !history[entry].empty_layer);
}
/**
 * Whether the image's history can have come from this Dockerfile: its last
 * entries are the chain's instructions, and a `FROM scratch` image has no layers
 * from a base. Another project's Dockerfile would put every layer on its FROM line.
 */
function madeBy(history, chain) {
    if (chain.length === 0)
        return true;
    const { origins, matched } = walkHistory(history, chain);
    const writes = chain.some(stage => stage.instructions.length > 0);
    if (writes && matched === 0 && history.length > 0)
        return false;
    const root = chain[0].base;
    const fromScratch = root.kind === 'image' && root.ref === 'scratch';
    return !(fromScratch &&
        origins.some((origin, entry) => origin.instruction === 'FROM' && !history[entry].empty_layer));
}
/** Without the Dockerfile (an image built elsewhere): line 0, and the history's own words. */
function unattributed(history) {
    return history
        .filter(entry => !entry.empty_layer)
        .map(entry => ({
        line: 0,
        stage: '',
        instruction: instructionOf(entry.created_by),
        source: null
    }));
}

;// CONCATENATED MODULE: ./src/image/tree.ts
/**
 * The filesystem as layers build it up, as a tree of folders, so that deleting a
 * folder of 60,000 files costs one detach instead of a scan of every path.
 */
class FileTree {
    root = { kind: 'dir', children: new Map() };
    /** The node at `path`, or undefined. */
    get(path) {
        let node = this.root;
        if (path === '')
            return node;
        for (const name of path.split('/')) {
            if (node.kind !== 'dir')
                return undefined;
            const child = node.children.get(name);
            if (!child)
                return undefined;
            node = child;
        }
        return node;
    }
    /** The folder at `path`, made (with its parents) where missing; a file in the way becomes a folder. */
    folder(path) {
        let node = this.root;
        if (path === '')
            return node;
        for (const name of path.split('/')) {
            const child = node.children.get(name);
            if (child?.kind === 'dir')
                node = child;
            else {
                const made = { kind: 'dir', children: new Map() };
                node.children.set(name, made);
                node = made;
            }
        }
        return node;
    }
    /** Removes `path` and all under it. */
    remove(path) {
        const slash = path.lastIndexOf('/');
        const parent = this.get(slash === -1 ? '' : path.slice(0, slash));
        if (parent?.kind === 'dir')
            parent.children.delete(path.slice(slash + 1));
    }
    /** Empties a folder of what lower layers put there (an opaque whiteout). */
    clear(path) {
        const node = this.get(path);
        if (node?.kind === 'dir')
            node.children.clear();
    }
}
/** Every file under `node` with its path, depth first. */
function* filesUnder(node, path = '') {
    // A stack of its own, not recursion: a layer may nest folders thousands deep.
    const stack = [[path, node]];
    while (stack.length > 0) {
        const [at, current] = stack.pop();
        if (current.kind === 'file') {
            yield [at, current];
            continue;
        }
        const children = [...current.children];
        for (let index = children.length - 1; index >= 0; index--) {
            const [name, child] = children[index];
            stack.push([at ? `${at}/${name}` : name, child]);
        }
    }
}
function addLayerBytes(to, layer, bytes) {
    to.bytes += bytes;
    to.byLayer.set(layer, (to.byLayer.get(layer) ?? 0) + bytes);
}
function addAllLayerBytes(to, from) {
    for (const [layer, bytes] of from.byLayer)
        addLayerBytes(to, layer, bytes);
}
/** The layer holding most of some bytes, by layer (the upper one on a tie). */
function largestLayer(byLayer) {
    let best = 0;
    let bestBytes = -1;
    for (const [layer, bytes] of byLayer) {
        if (bytes > bestBytes || (bytes === bestBytes && layer > best))
            [best, bestBytes] = [layer, bytes];
    }
    return best;
}

;// CONCATENATED MODULE: ./src/image/waste.ts


/**
 * Files a package manager rewrites each time it runs (its database, logs, the
 * linker's cache): their old copies are the price of installing anything at all,
 * not bytes a Dockerfile line could keep out, so they make no hidden copies. They
 * still count as dive counts them.
 */
const REWRITTEN_BY_PACKAGE_MANAGERS = /^(var\/lib\/dpkg|var\/cache\/debconf|var\/log|var\/cache\/ldconfig|lib\/apk\/db|var\/lib\/rpm|usr\/lib\/sysimage\/rpm|var\/lib\/dnf|var\/lib\/yum)\/|^(var\/lib\/apt\/extended_states|etc\/ld\.so\.cache|usr\/share\/info\/dir)$/;
/** A copy of a path packed in one number: its bytes and its layer (layers < LAYERS). */
const LAYERS = 4096;
const pack = (layer, bytes) => bytes * LAYERS + layer;
const layerOf = (copy) => copy % LAYERS;
const bytesOf = (copy) => Math.floor(copy / LAYERS);
const pairKey = (writer, hider) => writer * LAYERS + hider;
/** The folder an opaque marker (`dir/.wh..wh..opq`) empties. */
const waste_folderOf = (path) => path.slice(0, Math.max(0, path.lastIndexOf('/')));
/**
 * Counts each path's copies as dive does: every leaf of each layer's own tree is a
 * copy of its path, sized by its tar header (a folder: 0), a whiteout by what it
 * deletes. Layers hand over only their leaf folders, so a deleted folder that held
 * files has no copy of its own yet: it gets an empty one, so that what it held
 * counts as wasted (dive, which visits only leaf folders, leaves those bytes out).
 * Who hid what is kept by file: the files of a deleted or emptied (opaque) folder
 * are hidden copies of the layers that wrote each of them.
 */
class WasteCounter {
    /** Each path's copies: most paths have one, kept as one number; the rest as a list. */
    copies = new Map();
    /** Folder whiteouts' copies (`layer\0path`): what they delete was counted where it was written. */
    folderWhiteouts = new Set();
    /** Folders deleted or emptied, by layer: their files' copies were hidden there, by file. */
    clearedFolders = [];
    hidden = new Map();
    /** Counts one layer; call it before the layer's deletions are applied to `lower`. */
    addLayer(layer, entries, lower) {
        for (let index = 0; index < entries.length; index++) {
            const kind = entries.kindAt(index);
            if (kind === 'opaque') {
                const folder = waste_folderOf(entries.pathAt(index));
                this.hideFolder(folder, lower.get(folder), layer);
                continue;
            }
            if (kind !== 'whiteout') {
                this.addCopy(entries.pathAt(index), pack(layer, kind === 'file' ? entries.bytesAt(index) : 0));
                continue;
            }
            const path = whitedOut(entries.pathAt(index));
            const node = lower.get(path);
            if (node?.kind !== 'dir') {
                this.addCopy(path, pack(layer, 0));
                continue;
            }
            if (!this.copies.has(path))
                this.addCopy(path, pack(layer, 0));
            this.folderWhiteouts.add(`${layer}\0${path}`);
            this.addCopy(path, pack(layer, this.hideFolder(path, node, layer)));
        }
    }
    addCopy(path, copy) {
        const known = this.copies.get(path);
        if (known === undefined)
            this.copies.set(path, copy);
        else if (typeof known === 'number')
            this.copies.set(path, [known, copy]);
        else
            known.push(copy);
    }
    hide(writer, hider, bytes) {
        const key = pairKey(writer, hider);
        const pair = this.hidden.get(key) ?? { writer, hider, bytes: 0, paths: 0 };
        pair.bytes += bytes;
        pair.paths += 1;
        this.hidden.set(key, pair);
    }
    /** The files under a folder `hider` deletes or empties, as hidden copies of their writers; their bytes. */
    hideFolder(folder, node, hider) {
        if (node?.kind !== 'dir')
            return 0;
        this.clearedFolders.push({ folder, layer: hider });
        let bytes = 0;
        for (const [path, file] of filesUnder(node, folder)) {
            bytes += file.tarSize;
            if (!REWRITTEN_BY_PACKAGE_MANAGERS.test(path))
                this.hide(file.layer, hider, file.tarSize);
        }
        return bytes;
    }
    result() {
        let all = 0;
        let smallest = 0;
        let wastedBytes = 0;
        for (const [path, list] of this.copies) {
            if (typeof list === 'number') {
                all += bytesOf(list);
                smallest += bytesOf(list);
                continue;
            }
            const sizes = list.map(bytesOf);
            const total = sizes.reduce((sum, size) => sum + size, 0);
            all += total;
            smallest += Math.min(...sizes);
            wastedBytes += total;
            if (!REWRITTEN_BY_PACKAGE_MANAGERS.test(path))
                this.hideCopies(path, list);
        }
        return {
            wastedBytes,
            efficiency: all === 0 ? 1 : smallest / all,
            hidden: [...this.hidden.values()]
                .filter(pair => pair.bytes > 0)
                .sort((a, b) => b.bytes - a.bytes)
        };
    }
    /**
     * Each copy of a path hidden by the next one; not a folder whiteout's, nor one a
     * deleted or emptied folder took with it (hidden there, by file).
     */
    hideCopies(path, list) {
        for (let index = 1; index < list.length; index++) {
            const [writer, hider] = [layerOf(list[index - 1]), layerOf(list[index])];
            if (this.folderWhiteouts.has(`${writer}\0${path}`))
                continue;
            const cleared = this.clearedFolders.some(({ folder, layer }) => writer < layer && layer <= hider && (folder === '' || path.startsWith(`${folder}/`)));
            if (!cleared)
                this.hide(writer, hider, bytesOf(list[index - 1]));
        }
    }
}

;// CONCATENATED MODULE: ./src/image/packages/place.ts




/** Folders a merged-/usr system keeps as links into /usr: package lists still name them. */
const MERGED_USR = new Set(['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']);
/**
 * The packages of the image's final files, from the evidence each layer's
 * metadata gave: evidence counts only where its file is still the final image's
 * (a later layer may rewrite dpkg's status or delete a package).
 */
function placePackages(layers, tree, folders) {
    const live = [];
    layers.forEach((list, layer) => {
        for (const evidence of list) {
            const node = tree.get(evidence.path);
            if (node?.kind === 'file' && node.layer === layer)
                live.push(evidence);
        }
    });
    const of = (kind) => live.filter((evidence) => evidence.kind === kind);
    const files = new ImageFiles(tree);
    return joinCopies([
        ...npmCopies(of('npm'), of('npm-dev'), folders),
        ...pythonCopies(of('python'), of('python-files'), files, folders),
        ...listedCopies('deb', of('deb').flatMap(status => status.packages), debFileLists(of('deb-files')), files),
        ...listedCopies('apk', of('apk').flatMap(db => db.packages), undefined, files),
        ...goCopies(of('go'), files),
        ...javaCopies(of('java'), files)
    ]);
}
/** Files of the final image by path, each counted for one package only. */
class ImageFiles {
    tree;
    /** By node, not path: `bin/x` and `usr/bin/x` are one file on a merged /usr. */
    claimed = new Set();
    constructor(tree) {
        this.tree = tree;
    }
    at(path) {
        const node = this.tree.get(path);
        if (node?.kind === 'file')
            return node;
        const top = path.slice(0, path.indexOf('/'));
        if (!MERGED_USR.has(top))
            return undefined;
        const merged = this.tree.get(`usr/${path}`);
        return merged?.kind === 'file' ? merged : undefined;
    }
    /** The bytes of `paths` not yet claimed by another package, by layer. */
    claim(paths) {
        const total = { bytes: 0, byLayer: new Map() };
        for (const path of paths) {
            const node = this.at(path);
            if (!node || this.claimed.has(node))
                continue;
            this.claimed.add(node);
            addLayerBytes(total, node.layer, node.bytes);
        }
        return total;
    }
}
const noBytes = () => ({ bytes: 0, byLayer: new Map() });
/** A folder's bytes less a subfolder's (a package less the packages nested in it). */
function without(folder, part) {
    const rest = noBytes();
    for (const [layer, bytes] of folder?.byLayer ?? [])
        addLayerBytes(rest, layer, bytes - (part?.byLayer.get(layer) ?? 0));
    return rest;
}
const join = (folder, path) => (folder ? `${folder}/${path}` : path);
/** Folders of packages only development needs: from lockfiles where a project has one, else its devDependencies. */
function npmDevFolders(evidence) {
    const projectOf = (item) => item.path.endsWith('/.package-lock.json') || item.path === 'node_modules/.package-lock.json'
        ? folderOf(folderOf(item.path))
        : folderOf(item.path);
    const locked = new Set(evidence.filter(item => item.fromLockfile).map(projectOf));
    const dev = new Set();
    for (const item of evidence) {
        const project = projectOf(item);
        if (item.fromLockfile || !locked.has(project))
            for (const folder of item.devFolders)
                dev.add(join(project, folder));
    }
    return dev;
}
function npmCopies(manifests, devEvidence, folders) {
    const dev = npmDevFolders(devEvidence);
    return manifests.map(manifest => {
        const folder = folderOf(manifest.path);
        const own = without(folders.get(folder), folders.get(`${folder}/node_modules`));
        return { ecosystem: 'npm', ...manifest.package, ...own, dev: dev.has(folder) };
    });
}
function pythonCopies(metadata, lists, files, folders) {
    // pip's order: RECORD where a folder has both lists.
    const ranked = [...lists].sort((a, b) => fileListRank(b.path) - fileListRank(a.path));
    const listed = new Map(ranked.map(list => [infoFolderOf(list.path), list.files]));
    return metadata.map(item => {
        const info = infoFolderOf(item.path);
        const site = folderOf(info);
        const paths = listed.get(info);
        // Without a file list, the package is its metadata folder (a whole egg) or file alone.
        const home = packageHomeOf(info);
        const own = paths
            ? files.claim(paths.map(path => external_node_path_.posix.normalize(`/${join(site, path)}`).slice(1)))
            : (folders.get(home) ?? files.claim([home]));
        return { ecosystem: 'python', ...item.package, ...own, dev: false };
    });
}
function debFileLists(lists) {
    const byPackage = new Map();
    for (const list of lists)
        byPackage.set(list.package, [...(byPackage.get(list.package) ?? []), ...list.files]);
    return byPackage;
}
/** Packages whose metadata lists their files (dpkg's, apk's). */
function listedCopies(ecosystem, packages, lists, files) {
    return packages.map(item => ({
        ecosystem,
        name: item.name,
        version: item.version,
        ...files.claim(item.files ?? lists?.get(item.name) ?? []),
        dev: false
    }));
}
function goCopies(binaries, files) {
    return binaries.flatMap(binary => {
        const node = files.at(binary.path);
        if (!node)
            return [];
        const own = noBytes();
        addLayerBytes(own, node.layer, node.bytes);
        const name = binary.main.name || binary.path.slice(binary.path.lastIndexOf('/') + 1);
        return [
            { ecosystem: 'go', ...binary.main, name, ...own, dev: false },
            ...binary.modules.map(module => ({
                ecosystem: 'go',
                ...module,
                bytes: 0,
                byLayer: new Map([[node.layer, 0]]),
                dev: false
            }))
        ];
    });
}
function javaCopies(jars, files) {
    return jars.flatMap(jar => {
        const layer = files.at(jar.path)?.layer ?? 0;
        return jar.jars.map(item => ({
            ecosystem: 'java',
            name: item.name,
            version: item.version,
            bytes: item.bytes,
            byLayer: new Map([[layer, item.bytes]]),
            dev: false
        }));
    });
}
const UNKNOWN = 'unknown';
/** Copies of one name (npm nests several versions) joined into one package, largest first. */
function joinCopies(copies) {
    const joined = new Map();
    for (const copy of copies) {
        const key = `${copy.ecosystem}\0${copy.name}`;
        const seen = joined.get(key);
        if (!seen) {
            const byLayer = new Map(copy.byLayer);
            joined.set(key, {
                ...copy,
                byLayer,
                versionSet: new Set([copy.version ?? UNKNOWN]),
                allDev: copy.dev
            });
            continue;
        }
        addAllLayerBytes(seen, copy);
        seen.versionSet.add(copy.version ?? UNKNOWN);
        seen.allDev &&= copy.dev;
    }
    return [...joined.values()]
        .map(item => ({
        ecosystem: item.ecosystem,
        name: item.name,
        versions: [...item.versionSet].sort(),
        bytes: Math.max(0, item.bytes),
        layer: largestLayer(item.byLayer),
        dev: item.allDev
    }))
        .sort((a, b) => b.bytes - a.bytes || a.ecosystem.localeCompare(b.ecosystem) || a.name.localeCompare(b.name));
}

;// CONCATENATED MODULE: ./src/image/files.ts





/** Folders only caches and package lists live in; nothing at run time needs them. */
const CACHE_DIRECTORIES = [
    'var/lib/apt/lists',
    'var/cache/apt',
    'var/cache/apk',
    'var/cache/yum',
    'var/cache/dnf',
    'root/.cache/pip',
    'root/.npm',
    'usr/local/share/.cache/yarn',
    'root/.cache/yarn',
    'root/.cache/go-build',
    'root/.cargo/registry',
    'root/.m2/repository',
    'root/.gradle/caches'
];
const LARGEST_FILES = 50;
/** Enough folders to explain a change, few enough to keep a report of 100,000 files small. */
const MAX_FOLDERS = 1500;
const FOLDER_FLOOR = 64 * 1024;
const bySize = (a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
/** The largest files seen so far, at most LARGEST_FILES; a path is only made for a contender. */
class LargestFiles {
    files = [];
    count = 0;
    offer(parent, name, bytes, layer) {
        this.count += 1;
        const last = this.files[LARGEST_FILES - 1];
        if (last && bytes < last.bytes)
            return;
        const file = { path: parent ? `${parent}/${name}` : name, bytes, layer };
        if (last && bySize(file, last) >= 0)
            return;
        this.files.push(file);
        this.files.sort(bySize);
        if (this.files.length > LARGEST_FILES)
            this.files.pop();
    }
}
function addTotals(to, from) {
    to.files += from.files;
    addAllLayerBytes(to, from);
}
/**
 * Totals of every folder under `root`, children first, each folder's written to
 * `out`. A stack of its own, not recursion: folders may nest thousands deep.
 */
function totalFolders(root, out, largest) {
    const frame = (path, dir) => ({
        path,
        totals: { bytes: 0, files: 0, byLayer: new Map() },
        children: dir.children[Symbol.iterator]()
    });
    const stack = [frame('', root)];
    while (stack.length > 0) {
        const top = stack[stack.length - 1];
        const next = top.children.next();
        if (next.done) {
            stack.pop();
            if (top.path)
                out.set(top.path, top.totals);
            if (stack.length > 0)
                addTotals(stack[stack.length - 1].totals, top.totals);
            continue;
        }
        const [name, child] = next.value;
        if (child.kind === 'dir') {
            stack.push(frame(top.path ? `${top.path}/${name}` : name, child));
            continue;
        }
        top.totals.files += 1;
        addLayerBytes(top.totals, child.layer, child.bytes);
        largest.offer(top.path, name, child.bytes, child.layer);
    }
}
function summarize(totals, largest) {
    const big = [...totals]
        .filter(([, folder]) => folder.bytes >= FOLDER_FLOOR)
        .map(([path, folder]) => ({
        path,
        bytes: folder.bytes,
        files: folder.files,
        layer: largestLayer(folder.byLayer)
    }))
        .sort(bySize);
    const folders = big.slice(0, MAX_FOLDERS);
    const caches = CACHE_DIRECTORIES.flatMap(path => {
        const folder = totals.get(path);
        return folder && folder.bytes > 0
            ? [{ path, bytes: folder.bytes, layer: largestLayer(folder.byLayer) }]
            : [];
    });
    return {
        summary: {
            fileCount: largest.count,
            largestFiles: largest.files,
            folders,
            floor: big.length > MAX_FOLDERS ? folders[folders.length - 1].bytes : FOLDER_FLOOR
        },
        caches
    };
}
/**
 * Folders of the tree by path, remembering the last one: a layer tar lists a
 * folder's entries together, so most lookups are that folder again. Good while
 * entries are only added, as within the second pass over a layer.
 */
class FolderLookup {
    tree;
    lastPath;
    last;
    constructor(tree) {
        this.tree = tree;
    }
    get(path) {
        if (path !== this.lastPath || !this.last) {
            this.last = this.tree.folder(path);
            this.lastPath = path;
        }
        return this.last;
    }
}
/**
 * Applies the layers in order and measures the result. Within a layer, its
 * whiteouts act on the layers below first, then its own entries land: a layer
 * that empties a folder and fills it again keeps what it put there.
 */
function analyzeFiles(layers, packageEvidence = []) {
    const tree = new FileTree();
    const waste = new WasteCounter();
    let layer = 0;
    for (const list of layers) {
        const entries = LayerEntries.of(list);
        waste.addLayer(layer, entries, tree);
        applyDeletions(entries, tree);
        addEntries(entries, tree, layer);
        layer += 1;
    }
    const totals = new Map();
    const largest = new LargestFiles();
    totalFolders(tree.root, totals, largest);
    const { summary, caches } = summarize(totals, largest);
    const packages = placePackages(packageEvidence, tree, totals);
    return { files: summary, caches, packages, ...waste.result() };
}
/** A layer's whiteouts and opaque markers, on the layers below. */
function applyDeletions(entries, tree) {
    for (let index = 0; index < entries.length; index++) {
        const kind = entries.kindAt(index);
        const path = entries.pathAt(index);
        if (kind === 'whiteout')
            tree.remove(whitedOut(path));
        if (kind === 'opaque')
            tree.clear(path.slice(0, Math.max(0, path.lastIndexOf('/'))));
    }
}
/** A layer's own files, links and folders, over what is left below. */
function addEntries(entries, tree, layer) {
    const folders = new FolderLookup(tree);
    for (let index = 0; index < entries.length; index++) {
        const kind = entries.kindAt(index);
        const path = entries.pathAt(index);
        if (kind === 'directory')
            folders.get(path);
        else if (kind !== 'whiteout' && kind !== 'opaque') {
            const slash = path.lastIndexOf('/');
            const bytes = entries.bytesAt(index);
            const file = { kind: 'file', bytes, tarSize: kind === 'file' ? bytes : 0, layer };
            folders
                .get(slash === -1 ? '' : path.slice(0, slash))
                .children.set(path.slice(slash + 1), file);
        }
    }
}

;// CONCATENATED MODULE: ./src/process/command-input.ts


/**
 * A command fed on its standard input chunk by chunk, as a stream is read: each chunk
 * is written to it before it is handed on, so one read serves the command and the
 * reader. What the command says on either stream is kept for `done`.
 */
class FedCommand {
    child;
    said = [];
    exited;
    startError;
    constructor(command, args) {
        this.child = (0,external_node_child_process_.spawn)(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
        this.child.stdout.on('data', (chunk) => this.said.push(chunk));
        this.child.stderr.on('data', (chunk) => this.said.push(chunk));
        // A command that fails stops reading: what it said is the error, not a broken pipe.
        this.child.stdin.on('error', () => undefined);
        this.child.on('error', error => (this.startError = error.message));
        this.exited = new Promise(resolve => this.child.on('close', code => resolve(code ?? 1)));
    }
    /** The chunks of `stream`, each written to the command before it is handed on. */
    async *feed(stream) {
        const { stdin } = this.child;
        for await (const chunk of stream) {
            // A pipe the command closed errs (EPIPE) instead of draining: its exit says why.
            if (!stdin.destroyed && !stdin.write(chunk))
                await Promise.race([(0,external_node_events_.once)(stdin, 'drain').catch(() => undefined), this.exited]);
            yield chunk;
        }
        stdin.end();
    }
    /** Waits for the command to end. */
    async done() {
        const exitCode = await this.exited;
        const said = Buffer.concat(this.said).toString('utf8').trim();
        return { exitCode, said, startError: this.startError };
    }
    /** Stops the command, for a reader that failed. */
    abort() {
        this.child.kill();
    }
}

;// CONCATENATED MODULE: ./src/image/engine-load.ts


/**
 * `docker load`, fed an archive chunk by chunk as the measurement reads it: one
 * export of the builder reaches both the engine and the measurement, instead of a
 * second build that loads.
 */
class EngineLoad {
    load = new FedCommand('docker', ['load']);
    /** The chunks of `stream`, each written to `docker load` before it is handed on. */
    feed(stream) {
        return this.load.feed(stream);
    }
    /** Waits for the load; the id of the image the engine now has, or an error with docker's words. */
    async done() {
        const { exitCode, said, startError } = await this.load.done();
        if (exitCode !== 0)
            throw new Error(`docker load of the build's export failed: ${startError ?? said}`);
        const id = /Loaded image ID: (sha256:[0-9a-f]{64})/.exec(said)?.[1];
        if (id)
            return id;
        const name = /Loaded image: (\S+)/.exec(said)?.[1];
        return name ? engineImageId(name) : undefined;
    }
    /** Stops the load, for a measurement that failed. */
    abort() {
        this.load.abort();
    }
}

;// CONCATENATED MODULE: ./src/image/measure.ts









function platformOf(archive) {
    const { os = 'linux', architecture = 'unknown', variant } = archive.config;
    return [os, architecture, variant].filter(Boolean).join('/');
}
/** What a pull downloads: each distinct layer once (an image may list one twice), and the config. */
function pullBytes(layers, configBytes, sizeOf = layer => layer.compressedBytes) {
    // A layer with no digest is its own.
    const distinct = new Map(layers.map((layer, index) => [layer.digest || index, sizeOf(layer)]));
    return [...distinct.values()].reduce((total, size) => total + size, configBytes);
}
/** The pull size by each layer's gzip estimate; null unless every layer has one. */
function estimatedPullBytes(layers, configBytes) {
    if (layers.some(layer => layer.estimatedBytes === null))
        return null;
    return pullBytes(layers, configBytes, layer => layer.estimatedBytes ?? 0);
}
/** Folders below this depth are one of their ancestors for the list of what a layer wrote. */
const FOLDER_DEPTH = 4;
const FOLDERS_PER_LAYER = 12;
/**
 * The folders a layer wrote most bytes into, down to FOLDER_DEPTH (`app`,
 * `app/dist`, `app/dist/assets`…), largest first: what a fix copies out of a build stage.
 */
function writtenFolders(entries) {
    const bytes = new Map();
    // A tar lists a folder's files together: their bytes go to its ancestors once.
    let parent = '';
    let pending = 0;
    const flush = () => {
        if (!parent)
            return;
        for (let at = parent.indexOf('/'), depth = 1; depth <= FOLDER_DEPTH; depth++) {
            const folder = at === -1 ? parent : parent.slice(0, at);
            bytes.set(folder, (bytes.get(folder) ?? 0) + pending);
            if (at === -1)
                break;
            at = parent.indexOf('/', at + 1);
        }
        pending = 0;
    };
    for (let index = 0; index < entries.length; index++) {
        if (entries.kindAt(index) !== 'file')
            continue;
        const path = entries.pathAt(index);
        const slash = path.lastIndexOf('/');
        if (slash <= 0)
            continue;
        if (slash !== parent.length || !path.startsWith(parent)) {
            flush();
            parent = path.slice(0, slash);
        }
        pending += entries.bytesAt(index);
    }
    flush();
    return [...bytes]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, FOLDERS_PER_LAYER)
        .map(([folder]) => folder);
}
/**
 * Each layer's entries, handed over to the file analysis: the archive lets go of
 * them, so that a layer's list is freed once it is applied, not held to the end.
 */
function* handOver(archive) {
    for (const layer of archive.layers) {
        const { entries } = layer;
        layer.entries = new LayerEntries();
        yield entries;
    }
}
/**
 * The digest of a layer's blob as a registry stores it: an OCI layout names its
 * blobs by digest, and a blob that came compressed (or from a store that pushes
 * blobs as it keeps them) is what a push stores. An unpacked layer's is not.
 */
function pushedBlob(layer, blobsAsPushed) {
    const named = /^blobs\/([a-z0-9]+)\/([0-9a-f]{32,})$/.exec(layer.blob);
    return named && (layer.compressedExact || blobsAsPushed) ? `${named[1]}:${named[2]}` : null;
}
/**
 * Sizes, layer origins and file summary of an image read from its archive. With
 * `blobsAsPushed` (the containerd store's `docker save`), each blob is what a push
 * stores, a plain tar too: that store pushes a layer as it holds it.
 */
function measureArchive(archive, chain, blobsAsPushed = false) {
    // Docker runs images of at most 127 layers; the waste count packs a layer's number in 12 bits.
    if (archive.layers.length > LAYERS)
        throw new Error(`the image has ${archive.layers.length} layers; sizegate reads images of at most ${LAYERS}`);
    const fullEntries = fullHistory(archive.config.history, archive.layers.length);
    const history = fullEntries.filter(entry => !entry.empty_layer);
    const madeByDockerfile = madeBy(fullEntries, chain);
    const origins = attributeLayers(fullEntries, madeByDockerfile ? chain : []);
    const diffIds = archive.config.rootfs?.diff_ids ?? [];
    const layers = archive.layers.map((layer, index) => ({
        digest: diffIds[index] ?? '',
        blob: pushedBlob(layer, blobsAsPushed),
        folders: writtenFolders(layer.entries),
        uncompressedBytes: layer.contentBytes,
        compressedBytes: layer.compressedExact || !blobsAsPushed ? layer.compressedBytes : layer.tarBytes,
        estimatedBytes: layer.compressedExact ? null : layer.compressedBytes,
        createdBy: history[index].created_by ?? '',
        ...origins[index]
    }));
    // Downloads are counted by blob: a config's diff_ids may be missing or repeat.
    const blobs = layers.map((layer, index) => ({ ...layer, digest: archive.layers[index].blob }));
    const sum = (pick) => layers.reduce((total, layer) => total + pick(layer), 0);
    const evidence = archive.layers.map(layer => layer.packages);
    const contents = contentsOf(archive);
    const files = analyzeFiles(handOver(archive), evidence);
    const userBytes = sum(layer => layer.uncompressedBytes) - (layers[0]?.uncompressedBytes ?? 0);
    return {
        platform: platformOf(archive),
        imageId: archive.configDigest,
        compressedBytes: pullBytes(blobs, archive.configBytes),
        compressedSource: blobsAsPushed || archive.layers.every(layer => layer.compressedExact)
            ? 'archive'
            : 'gzip-estimate',
        estimatedBytes: estimatedPullBytes(blobs, archive.configBytes),
        uncompressedBytes: sum(layer => layer.uncompressedBytes),
        layers,
        madeByDockerfile,
        ...files,
        userWastedPercent: userBytes > 0 ? files.wastedBytes / userBytes : 0,
        ...(contents && { contents })
    };
}
/** The archive's final files, config and dev package folders, where its layers kept their files. */
function contentsOf(archive) {
    const lists = archive.layers.map(layer => layer.files);
    if (lists.length === 0 || lists.some(list => list === undefined))
        return undefined;
    const files = finalFiles(lists);
    // Only what the final files still hold: a lockfile a later layer replaced says nothing.
    const devEvidence = archive.layers.flatMap((layer, index) => layer.packages.filter((item) => item.kind === 'npm-dev' && files.get(item.path)?.layer === index));
    return {
        files,
        config: runtimeConfig(archive.config.config),
        devFolders: [...npmDevFolders(devEvidence)]
    };
}
/**
 * Measures an image of the local engine by streaming `docker save`, in this thread.
 * The containerd image store saves layers as stored (compressed: the pull size
 * exactly) and names the image by its manifest or index, not by its config.
 */
async function measureImageHere(image, chain, options = {}) {
    return measureSavedImage(await saveAndReadImage(image, undefined, { files: options.contents }), chain);
}
/** An archive the engine saved, measured with the id and store that engine knows it by. */
function measureSavedImage(archive, chain) {
    const imageStore = savedBy(archive);
    const measured = measureArchive(archive, chain, imageStore === 'containerd');
    const imageId = imageStore === 'containerd' ? (archive.indexDigest ?? measured.imageId) : measured.imageId;
    return { ...measured, imageId, imageStore };
}
/**
 * The store that saved an archive: the classic store writes every layer as a plain
 * tar, the containerd store the blobs it keeps, compressed as pulled or built, or
 * plain where a layer came in plain (`docker load` of a classic store's archive).
 * One compressed blob tells it; an image held all plain there reads as classic.
 */
function savedBy(archive) {
    return archive.layers.some(layer => layer.compressedExact) ? 'containerd' : 'classic';
}
/**
 * Measures a builder's export as it is written to `file` (a FIFO: never stored),
 * in this thread: one measurement per platform of the archive. With `load`, the
 * same bytes go to `docker load` as they pass, and the image id is the engine's.
 */
async function measureExportHere(file, chain, load = false, options = {}) {
    const stream = (0,external_node_fs_.createReadStream)(file, { highWaterMark: 1 << 16 });
    const meter = { files: options.contents };
    if (!load)
        return (await readImageArchives(stream, meter)).map(archive => measureArchive(archive, chain));
    const loader = new EngineLoad();
    const archives = await readImageArchives(loader.feed(stream), meter).catch((error) => {
        loader.abort();
        throw error;
    });
    const imageId = await loader.done();
    return archives.map(archive => {
        const measured = measureArchive(archive, chain);
        return { ...measured, imageId: imageId ?? measured.imageId };
    });
}

;// CONCATENATED MODULE: ./src/image/measure-worker.ts




/**
 * The measuring thread's young generation. Streaming an archive makes garbage fast
 * (chunks, headers); a small young generation collects it early, which keeps the
 * footprint of an image of 100,000 files near 130 MB instead of 150 MB and more.
 */
const YOUNG_GENERATION_MB = 8;
/** The worker's bundle, beside the bundle that starts it (src/measure-worker.ts, bundled). */
const WORKER_BUNDLE = 'measure-worker/index.js';
function measureHere(task) {
    if ('exportFile' in task)
        return measureExportHere(task.exportFile, task.chain, task.load, task.options);
    return measureImageHere(task.image, task.chain, task.options).then(measured => [measured]);
}
/**
 * Measures images of the local engine in a worker thread, the measuring bundle
 * beside this one, started ahead (while the build runs) so that measuring does not
 * wait for it. Run from the sources (tests), where there is no bundle to start, it
 * measures in this thread.
 */
class ImageMeasurer {
    options;
    worker;
    /** `options` hold for every image it measures. */
    constructor(options = {}) {
        this.options = options;
        const bundle = (0,external_node_url_.fileURLToPath)(new URL(WORKER_BUNDLE, import.meta.url));
        if (!(0,external_node_fs_.existsSync)(bundle))
            return;
        const worker = new external_node_worker_threads_.Worker(bundle, {
            resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
        });
        // A thread that fails or stops between images is let go: this thread measures instead.
        const lost = () => {
            if (this.worker === worker)
                this.worker = undefined;
        };
        worker.on('error', lost).on('exit', lost);
        this.worker = worker;
    }
    /** An image of the engine, read through `docker save`. */
    async measure(image, chain) {
        const [measured] = await this.run({ image, chain, options: this.options }, image);
        return measured;
    }
    /**
     * A builder's export as it is written to `file`: one measurement per platform;
     * with `load`, the export is loaded into the engine as it is read.
     */
    measureExport(file, chain, load = false) {
        return this.run({ exportFile: file, chain, load, options: this.options }, "the build's export");
    }
    run(task, what) {
        const worker = this.worker;
        if (!worker)
            return measureHere(task);
        return new Promise((resolve, reject) => {
            const stopped = (code) => settle(() => reject(new Error(`measuring ${what} stopped with exit code ${code}`)));
            const failed = (error) => settle(() => reject(error));
            const answered = (answer) => settle(() => 'error' in answer ? reject(new Error(answer.error)) : resolve(answer.measured));
            // Each listener goes with the answer: a later close must find none of them.
            const settle = (then) => {
                worker.off('exit', stopped).off('error', failed).off('message', answered);
                then();
            };
            worker.once('exit', stopped).once('error', failed).once('message', answered);
            worker.postMessage(task);
        });
    }
    async close() {
        await this.worker?.terminate();
    }
}
/** The worker's side: measure each image asked for, answer with its measurement or its error. */
function serveMeasurements() {
    parentPort?.on('message', (task) => {
        measureHere(task).then(measured => parentPort?.postMessage({ measured }), (error) => parentPort?.postMessage({ error: error.message }));
    });
}
/** Runs `work` with a measuring thread of its own, which is closed whatever happens. */
async function withMeasurer(work, options = {}) {
    const measurer = new ImageMeasurer(options);
    try {
        return await work(measurer);
    }
    finally {
        await measurer.close();
    }
}

;// CONCATENATED MODULE: ./src/dockerfile/fixes/edits.ts
/**
 * Each rule's declared changes. A rebuilt RUN writes new logs, so every rule that
 * reruns one declares caches; `copy-chown` reruns none and declares nothing;
 * `no-install-recommends` removes packages, which is never declared: it changes the app.
 */
const DECLARED = {
    'apt-lists': ['caches'],
    'no-install-recommends': ['caches'],
    'omit-dev': ['dev-packages', 'caches'],
    'production-node-modules': ['dev-packages', 'caches'],
    'copy-chown': [],
    'pip-no-cache': ['caches'],
    'apk-no-cache': ['caches'],
    'slim-base': ['base-files', 'caches'],
    'delete-where-written': ['caches'],
    'multi-stage': ['dev-packages', 'base-files', 'caches']
};
/** What fixes applied together mean to change. */
function declaredChanges(fixes) {
    return new Set(fixes.flatMap(fix => DECLARED[fix.rule]));
}
/**
 * Whether two edits touch the same lines: replaced ranges that meet, an insertion
 * inside a replaced range, or two insertions at one place (their order would be a guess).
 */
function overlaps(a, b) {
    if (a.from <= b.to && b.from <= a.to)
        return true;
    const inserts = (edit) => edit.to < edit.from;
    if (inserts(a) && inserts(b))
        return a.from === b.from;
    return ((inserts(a) && b.from < a.from && a.from <= b.to) ||
        (inserts(b) && a.from < b.from && b.from <= a.to));
}
/** Whether two fixes touch the same lines: only one of them can be applied. */
function conflicts(a, b) {
    return a.edits.some(edit => b.edits.some(other => overlaps(edit, other)));
}
/** The fixes that can be applied together: each one that conflicts with none before it. */
function compatible(fixes) {
    const chosen = [];
    for (const fix of fixes)
        if (!chosen.some(other => conflicts(fix, other)))
            chosen.push(fix);
    return chosen;
}
/** The Dockerfile's text with the fixes applied (each must conflict with no other). */
function applyFixes(text, fixes) {
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    const lines = text.split(/\r?\n/);
    const edits = fixes.flatMap(fix => fix.edits).sort((a, b) => b.from - a.from || b.to - a.to);
    // Bottom up, so that each edit's line numbers still hold.
    for (const edit of edits)
        lines.splice(edit.from - 1, edit.to - edit.from + 1, ...edit.lines);
    return lines.join(newline);
}

;// CONCATENATED MODULE: ./src/dockerfile/shell.ts


// What a Dockerfile's instructions say, as the hints and the fixes both read them.
const APT_INSTALL = /\bapt(-get)?\s+(-\S+\s+)*install\b/;
const RECURSIVE_OWNER = /\bch(own|mod)\s+(-\S*R\S*|--recursive)\b/;
function instructions(chain) {
    return chain.flatMap(stage => stage.instructions);
}
/** COPY/ADD source paths (all arguments but the last), JSON or plain form. */
function sources(instruction) {
    const text = instruction.text.trim();
    if (text.startsWith('[')) {
        try {
            return JSON.parse(text).slice(0, -1);
        }
        catch {
            return [];
        }
    }
    return text.split(/\s+/).slice(0, -1);
}
/** The shell commands of a RUN, split at `&&`, `||`, `;` and `|`. */
function commands(text) {
    return text
        .split(/&&|\|\||;|\|/)
        .map(command => command.trim().split(/\s+/).filter(Boolean))
        .filter(words => words.length > 0);
}
/** `rm`, `rmdir`, or a package manager cleaning its cache: a command that only deletes files. */
function onlyDeletes(words) {
    const [tool, sub, ...args] = words;
    if (tool === 'rm' || tool === 'rmdir')
        return true;
    if ((tool === 'apt-get' || tool === 'apt') && sub === 'clean')
        return true;
    if (sub !== 'cache')
        return false;
    const [action] = args;
    return (((tool === 'npm' || tool === 'yarn') && action === 'clean') ||
        ((tool === 'pip' || tool === 'pip3') && action === 'purge'));
}
/** `NODE_ENV=production npm ci`: the assignments before a command. */
function withoutAssignments(words) {
    const split = words.findIndex(word => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
    return split === -1
        ? { env: words, rest: [] }
        : { env: words.slice(0, split), rest: words.slice(split) };
}
const PRODUCTION_FLAGS = /^(--omit=dev|--production|--prod|-P|--only=prod(uction)?)$/;
/** Flags of a command that installs nothing of the project's: a global tool, a version, help. */
const NOT_AN_INSTALL = /^(-g|--global|--version|-v|--help|-h)$/;
/**
 * The package manager of a command that installs a project's dependencies (`npm
 * ci`, `npm install`, `yarn`, `pnpm install`; not a named package or a global tool),
 * and whether it installs production ones only: by its flags old and new or by
 * NODE_ENV=production before it or in its environment.
 */
function projectInstall(words, productionEnv) {
    const { env, rest } = withoutAssignments(words);
    const [tool, sub = '', ...args] = rest;
    const flags = [sub, ...args];
    if (flags.some(flag => NOT_AN_INSTALL.test(flag)))
        return undefined;
    // Named packages (`npm install pm2`) add tools, not the project's dependencies.
    if (args.some(arg => !arg.startsWith('-')))
        return undefined;
    const installs = (tool === 'npm' && ['ci', 'install', 'i'].includes(sub)) ||
        (tool === 'pnpm' && ['install', 'i'].includes(sub)) ||
        (tool === 'yarn' && (sub === '' || sub === 'install' || sub.startsWith('-')));
    if (!installs)
        return undefined;
    const production = productionEnv ||
        env.includes('NODE_ENV=production') ||
        flags.some(flag => PRODUCTION_FLAGS.test(flag));
    return { tool, production };
}
/** A command that installs a project's dependencies, dev ones included. */
function installsDevDependencies(words, productionEnv) {
    return projectInstall(words, productionEnv)?.production === false;
}
/** `npm prune --omit=dev`, `yarn install --production`: dev dependencies taken out again. */
function prunesDevDependencies(words) {
    const { rest } = withoutAssignments(words);
    const [tool, sub, ...args] = rest;
    const production = [sub, ...args].some(flag => flag && PRODUCTION_FLAGS.test(flag));
    return ((tool === 'npm' && sub === 'prune' && production) ||
        ((tool === 'yarn' || tool === 'pnpm') && production));
}
/** `k=v k2="v 2"` (or, in ENV's old form, `k v w`) as name-value pairs, quotes removed. */
function assignments(text, keyword) {
    const words = [...text.matchAll(/(?:[^\s"']+|"(?:\\.|[^"\\])*"|'[^']*')+/g)].map(match => match[0]);
    const unquote = (value) => value.replace(/"((?:\\.|[^"\\])*)"|'([^']*)'/g, (_, double, single) => double !== undefined ? double.replace(/\\(.)/g, '$1') : (single ?? ''));
    const [first = ''] = words;
    if (keyword === 'ENV' && !first.includes('='))
        return [[first, unquote(text.trim().slice(first.length).trim())]];
    return words.map(word => {
        const equals = word.indexOf('=');
        return equals === -1
            ? [word, undefined]
            : [word.slice(0, equals), unquote(word.slice(equals + 1))];
    });
}
/**
 * Whether NODE_ENV is `production` for each RUN of a stage chain (root first), as the
 * frontend sets it: ENV in both forms, inherited by later stages; ARG with a default,
 * for its own stage; each value expanded through the variables set before it.
 */
function productionRuns(chain) {
    const production = new Map();
    const env = new Map();
    for (const stage of chain) {
        const args = new Map();
        for (const instruction of stage.instructions) {
            const scope = new Map([...args, ...env]);
            if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
                const into = instruction.keyword === 'ENV' ? env : args;
                for (const [name, value] of assignments(instruction.text, instruction.keyword))
                    if (value !== undefined)
                        into.set(name, substitute(value, scope));
            }
            if (instruction.keyword === 'RUN')
                production.set(instruction.line, scope.get('NODE_ENV') === 'production');
        }
    }
    return production;
}
/**
 * Whether a stage chain (root first) installs a project's dependencies and leaves
 * none of the dev ones: a production install, or a dev one pruned after. The one
 * definition the hints and the fixes read.
 */
function installsProduction(chain) {
    const production = productionRuns(chain);
    const installs = instructions(chain).some(run => run.keyword === 'RUN' &&
        commands(run.text).some(words => projectInstall(words, production.get(run.line) ?? false) !== undefined));
    return installs && devInstallsOf(chain, production).length === 0;
}
/** The lines of RUNs in a stage chain (root first) that leave dev dependencies installed. */
function devInstallLines(chain) {
    return devInstallsOf(chain, productionRuns(chain));
}
/** devInstallLines, with NODE_ENV at each RUN already read (productionRuns). */
function devInstallsOf(chain, production) {
    // A later stage that prunes prunes what its parents installed: they are one filesystem.
    let pending = [];
    for (const stage of chain) {
        for (const instruction of stage.instructions) {
            if (instruction.keyword !== 'RUN')
                continue;
            for (const words of commands(instruction.text)) {
                if (installsDevDependencies(words, production.get(instruction.line) ?? false))
                    pending.push(instruction.line);
                else if (prunesDevDependencies(words))
                    pending = [];
            }
        }
    }
    return [...new Set(pending)];
}
const LEAN_TAG = /slim|alpine|distroless|jre|chiseled|minimal|nonroot/;
function imageName(ref) {
    const withoutDigest = ref.split('@')[0];
    const slash = withoutDigest.lastIndexOf('/');
    const colon = withoutDigest.lastIndexOf(':');
    const tagged = colon > slash;
    return {
        name: withoutDigest.slice(slash + 1, tagged ? colon : undefined).toLowerCase(),
        tag: tagged ? withoutDigest.slice(colon + 1).toLowerCase() : 'latest'
    };
}
/** The `--from` of a COPY or RUN as written, if it has one. */
const fromFlag = (instruction) => /--from=(\S+)/.exec(instruction.source)?.[1];
/**
 * A COPY of node_modules from a stage whose chain installed dev dependencies:
 * the stage as the COPY names it, its chain, and the line of that install.
 */
function devNodeModulesCopy(copy, stages) {
    const from = fromFlag(copy);
    if (copy.keyword !== 'COPY' || !from)
        return undefined;
    if (!sources(copy).some(source => source.includes('node_modules')))
        return undefined;
    const stage = findStage(stages, from);
    if (!stage)
        return undefined;
    const chain = stageChain(stages, stage);
    const [devLine] = devInstallLines(chain);
    return devLine === undefined ? undefined : { from, chain, devLine };
}

;// CONCATENATED MODULE: ./src/dockerfile/fixes/rules.ts



/** A RUN in shell form: its raw lines may be edited as text. */
const shellRun = (instruction) => instruction.keyword === 'RUN' && !instruction.text.trim().startsWith('[');
/** The instruction's raw lines, with their numbers. */
function rawLines(facts, instruction) {
    const numbers = Array.from({ length: instruction.endLine - instruction.line + 1 }, (_, index) => instruction.line + index);
    return numbers.map(line => [line, facts.lines[line - 1] ?? '']);
}
/**
 * An edit that puts `flag` after the first match of `pattern` on the instruction's
 * lines (formatting, comments and continuations kept); undefined where none matches.
 */
function flagAfter(facts, instruction, pattern, flag) {
    for (const [line, text] of rawLines(facts, instruction)) {
        const match = pattern.exec(text);
        if (!match)
            continue;
        const at = match.index + match[0].length;
        return { from: line, to: line, lines: [`${text.slice(0, at)} ${flag}${text.slice(at)}`] };
    }
    return undefined;
}
/** An edit that adds `command` to the end of a RUN (after its last line's text). */
function appendCommand(facts, instruction, command) {
    const line = instruction.endLine;
    return { from: line, to: line, lines: [`${facts.lines[line - 1].trimEnd()} && ${command}`] };
}
/** The instruction's lines removed. */
const removal = (instruction) => ({
    from: instruction.line,
    to: instruction.endLine,
    lines: []
});
function fix(rule, title, edits) {
    const present = edits.filter((edit) => edit !== undefined);
    if (present.length === 0)
        return [];
    const lines = present.flatMap(edit => [edit.from, Math.max(edit.from, edit.to)]);
    return [{ rule, title, edits: present, line: Math.min(...lines), endLine: Math.max(...lines) }];
}
const APT_INSTALL_WORD = /\bapt(?:-get)?(?:\s+-\S+)*\s+install\b/;
const APT_LISTS = /\/var\/lib\/apt\/lists/;
/**
 * apt-get install: its lists removed in the same RUN (the same files otherwise);
 * and, a fix of its own since it removes packages, only the packages named.
 */
function aptInstall(facts) {
    return instructions(facts.chain)
        .filter(run => shellRun(run) && APT_INSTALL.test(run.text))
        .flatMap(run => {
        const recommends = !run.text.includes('--no-install-recommends');
        const clean = APT_LISTS.test(run.text)
            ? undefined
            : appendCommand(facts, run, 'rm -rf /var/lib/apt/lists/*');
        const flag = recommends
            ? flagAfter(facts, run, APT_INSTALL_WORD, '--no-install-recommends')
            : undefined;
        // One line may take both: the flag's edit, then the command appended to it.
        const edits = flag && clean && flag.from === clean.from
            ? [{ ...flag, lines: [`${flag.lines[0].trimEnd()} && rm -rf /var/lib/apt/lists/*`] }]
            : [flag, clean];
        return [
            ...fix('apt-lists', 'Remove apt lists in the same RUN', [clean]),
            ...(flag
                ? fix('no-install-recommends', 'Install only the packages named, and remove apt lists in the same RUN', edits)
                : [])
        ];
    });
}
const INSTALL_WORD = {
    npm: /\bnpm\s+(?:ci|install|i)\b/,
    yarn: /\byarn(?:\s+install)?\b/,
    pnpm: /\bpnpm\s+(?:install|i)\b/
};
const PRODUCTION_FLAG = {
    npm: '--omit=dev',
    yarn: '--production',
    pnpm: '--prod'
};
const BUILD_SCRIPT = /\b(npm\s+run|yarn|pnpm(\s+run)?)\s+build\b|\b(tsc|webpack|vite\s+build|next\s+build)\b/;
/** The package manager of a RUN that installs dev dependencies. */
function devInstaller(run) {
    for (const words of commands(run.text)) {
        if (!installsDevDependencies(words, false))
            continue;
        return words.find(word => word in INSTALL_WORD);
    }
    return undefined;
}
/** The edit that makes a dev install production: its tool's flag after its install word. */
function productionInstall(facts, run) {
    const tool = shellRun(run) ? devInstaller(run) : undefined;
    return tool ? flagAfter(facts, run, INSTALL_WORD[tool], PRODUCTION_FLAG[tool]) : undefined;
}
/** A dev install in the final stage that no later step builds with: install production dependencies only. */
function omitDev(facts) {
    const stage = facts.chain[facts.chain.length - 1];
    const lines = new Set(devInstallLines(facts.chain));
    return stage.instructions
        .filter(run => shellRun(run) && lines.has(run.line) && facts.devLines.has(run.line))
        .flatMap(run => {
        const builds = stage.instructions.some(later => later.line > run.line && later.keyword === 'RUN' && BUILD_SCRIPT.test(later.text));
        if (builds)
            return [];
        return fix('omit-dev', 'Install production dependencies only', [
            productionInstall(facts, run)
        ]);
    });
}
/** The name a new stage can take: `wanted`, or `wanted-2`… where that is taken. */
function freeName(stages, wanted) {
    const taken = (name) => stages.some(stage => stage.name?.toLowerCase() === name);
    let name = wanted;
    for (let count = 2; taken(name); count++)
        name = `${wanted}-${count}`;
    return name;
}
/**
 * node_modules copied from a stage that installed dev dependencies: copied instead
 * from a stage that installs production ones, written (as that stage up to its
 * install, with the install made production) where the file has none.
 */
function productionNodeModules(facts) {
    const final = facts.chain[facts.chain.length - 1];
    return final.instructions.flatMap(copy => {
        const dev = facts.devLines.has(copy.line) ? devNodeModulesCopy(copy, facts.stages) : undefined;
        if (!dev)
            return [];
        const { from, chain, devLine } = dev;
        const source = chain[chain.length - 1];
        const flagLine = facts.lines[copy.line - 1];
        const production = facts.stages.find(stage => stage !== source &&
            stage.name &&
            stage.index < final.index &&
            installsProduction(stageChain(facts.stages, stage)));
        const replaceFrom = (name) => ({
            from: copy.line,
            to: copy.line,
            lines: [flagLine.replace(`--from=${from}`, `--from=${name}`)]
        });
        if (production?.name)
            return fix('production-node-modules', `Copy node_modules from ${production.name}, which installs production dependencies only`, [replaceFrom(production.name)]);
        const written = productionStage(facts, chain, devLine, freeName(facts.stages, 'production-deps'));
        if (!written)
            return [];
        return fix('production-node-modules', `Copy node_modules from a stage that installs production dependencies only`, [written.edit(final.line), replaceFrom(written.name)]);
    });
}
/**
 * A stage that does what `chain`'s last stage does up to its dev install, with the
 * install made production: its own lines, written before the final stage.
 */
function productionStage(facts, chain, devLine, name) {
    const stage = chain[chain.length - 1];
    const install = stage.instructions.find(run => run.line === devLine);
    const production = install && chain.length === 1 ? productionInstall(facts, install) : undefined;
    if (!install || !production)
        return undefined;
    const from = facts.lines[stage.line - 1].replace(/\s+AS\s+\S+\s*$/i, '').trimEnd();
    const body = facts.lines.slice(stage.line, install.endLine).map((text, index) => {
        const line = stage.line + 1 + index;
        return line === production.from ? production.lines[0] : text;
    });
    return {
        name,
        edit: before => ({ from: before, to: before - 1, lines: [`${from} AS ${name}`, ...body, ''] })
    };
}
/** `dir` resolved against the WORKDIR in force before `line` (no leading or trailing slash); undefined when unknown. */
function resolvedAt(stage, line, dir) {
    if (dir.startsWith('/'))
        return dir.replace(/^\/+|\/+$/g, '');
    const workdir = workdirBefore(stage, line);
    if (workdir === undefined)
        return undefined;
    return external_node_path_.posix.join(workdir, dir).replace(/^\.$/, '').replace(/\/+$/, '');
}
/** A `chown -R owner path…` or `chmod -R mode path…`, or undefined for any other command. */
function recursiveOwnership(words) {
    const [tool, ...args] = words;
    if (tool !== 'chown' && tool !== 'chmod')
        return undefined;
    const recursive = args.some(arg => /^-\w*R\w*$/.test(arg) || arg === '--recursive');
    const [value, ...paths] = args.filter(arg => !arg.startsWith('-'));
    return recursive && value && paths.length > 0 ? { tool, value, paths } : undefined;
}
/**
 * A `RUN chown -R` (or `chmod -R`) over files COPY lines wrote: the owner and mode
 * set as they land, `COPY --chown=…` on every one of them, as one fix, since each
 * alone leaves the others' files as they were. A folder no COPY makes (WORKDIR's)
 * keeps its owner by a chown of itself alone.
 */
function copyChown(facts) {
    const byLine = new Map(instructions(facts.chain).map(item => [item.line, item]));
    const hiders = [...new Set(facts.hidden.map(pair => pair.hiderLine))];
    return hiders.flatMap(hiderLine => {
        const run = byLine.get(hiderLine);
        if (!run || !shellRun(run) || !RECURSIVE_OWNER.test(run.text))
            return [];
        const stage = facts.chain.find(item => item.instructions.includes(run));
        const changes = commands(run.text).map(recursiveOwnership);
        // Mechanical only where the RUN does nothing else and only COPY lines wrote what it changed.
        if (!stage || changes.some(change => change === undefined))
            return [];
        const writers = facts.hidden
            .filter(pair => pair.hiderLine === hiderLine)
            .map(pair => byLine.get(pair.writerLine));
        const copies = [...new Set(writers)];
        if (copies.some(copy => !copy || (copy.keyword !== 'COPY' && copy.keyword !== 'ADD')))
            return [];
        const owned = changes;
        const flags = [...new Set(owned.map(change => `--${change.tool}=${change.value}`))];
        const copyEdits = copies.map(copy => {
            const added = flags.filter(flag => !copy.flags.includes(flag.slice(2, flag.indexOf('='))));
            const keyword = new RegExp(`\\b${copy.keyword}\\b`, 'i');
            return added.length > 0 ? flagAfter(facts, copy, keyword, added.join(' ')) : undefined;
        });
        if (copyEdits.every(edit => edit === undefined))
            return [];
        // Folders the COPY lines make take their flags; any other (WORKDIR's) keeps its own owner by itself.
        const made = new Set(copies.flatMap(copy => {
            const destination = resolvedAt(stage, copy.line, copy.text.trim().split(/\s+/).pop() ?? '');
            return destination === workdirBefore(stage, copy.line) ? [] : [destination];
        }));
        const kept = owned.flatMap(change => {
            const paths = change.paths.filter(path => !made.has(resolvedAt(stage, run.line, path)));
            return paths.length > 0 ? [`${change.tool} ${change.value} ${paths.join(' ')}`] : [];
        });
        const runEdit = kept.length > 0
            ? { from: run.line, to: run.endLine, lines: [`RUN ${kept.join(' && ')}`] }
            : removal(run);
        const where = `${copies.length} ${copies.length === 1 ? 'line' : 'lines'}`;
        return fix('copy-chown', `Set owner and mode as the files land: ${flags.join(' ')} on ${where}${kept.length > 0 ? `, and ${kept.join(' && ')} for the folder itself` : ''}`, [...copyEdits, runEdit]);
    });
}
const PIP_INSTALL = /\b(?:pip3?|python3?\s+-m\s+pip)\s+install\b/;
const APK_ADD = /\bapk\s+add\b/;
/** pip and apk without their caches in the image. */
function noCacheFlags(facts) {
    return instructions(facts.chain)
        .filter(shellRun)
        .flatMap(run => [
        ...(PIP_INSTALL.test(run.text) && !run.text.includes('--no-cache-dir')
            ? fix('pip-no-cache', "Keep pip's download cache out of the image", [
                flagAfter(facts, run, PIP_INSTALL, '--no-cache-dir')
            ])
            : []),
        ...(APK_ADD.test(run.text) && !run.text.includes('--no-cache')
            ? fix('apk-no-cache', "Keep apk's index out of the image", [
                flagAfter(facts, run, APK_ADD, '--no-cache')
            ])
            : [])
    ]);
}
/** Images with a `-slim` variant of every tag. */
const SLIM_VARIANTS = /^(node|python|ruby|debian)$/;
/** The final stage's full base image, by its slim variant: `node:20` → `node:20-slim`. */
function slimBase(facts) {
    const root = facts.chain[0];
    if (root?.base.kind !== 'image')
        return [];
    const { name, tag } = imageName(root.base.ref);
    if (!SLIM_VARIANTS.test(name) || LEAN_TAG.test(tag) || root.base.ref.includes('@'))
        return [];
    const expression = root.baseExpression;
    const slim = expression.includes(':') ? `${expression}-slim` : `${expression}:slim`;
    const text = facts.lines[root.line - 1];
    if (!text.includes(expression))
        return [];
    return fix('slim-base', `Start from ${slim}`, [
        { from: root.line, to: root.line, lines: [text.replace(expression, slim)] }
    ]);
}
/** Files a later RUN only deletes: deleted in the RUN that writes them, which then ships none of them. */
function deleteWhereWritten(facts) {
    const byLine = new Map(instructions(facts.chain).map(item => [item.line, item]));
    const stageOf = (line) => facts.chain.find(stage => stage.instructions.some(item => item.line === line));
    return facts.hidden.flatMap(pair => {
        const writer = byLine.get(pair.writerLine);
        const hider = byLine.get(pair.hiderLine);
        if (!writer || !hider || !shellRun(writer) || !shellRun(hider))
            return [];
        if (stageOf(writer.line) !== stageOf(hider.line))
            return [];
        const deletions = commands(hider.text);
        if (!deletions.every(onlyDeletes))
            return [];
        return fix('delete-where-written', `Delete in the RUN on line ${writer.line}, which then ships none of it`, [
            appendCommand(facts, writer, deletions.map(words => words.join(' ')).join(' && ')),
            removal(hider)
        ]);
    });
}
const RULES = [
    aptInstall,
    omitDev,
    productionNodeModules,
    copyChown,
    noCacheFlags,
    slimBase,
    deleteWhereWritten
];

;// CONCATENATED MODULE: ./src/dockerfile/fixes/multi-stage.ts



/** Folders a build writes beside its output that the runtime never needs. */
const NOT_OUTPUT = /^(node_modules|\.npm|\.cache|\.yarn|\.pnpm-store)$/;
/** The folders directly under `workdir` that the build's layer wrote: what the runtime copies. */
function outputsOf(facts, build, workdir) {
    const prefix = `${workdir}/`;
    const names = (facts.written.get(build.line) ?? [])
        .filter(folder => folder.startsWith(prefix))
        .map(folder => folder.slice(prefix.length).split('/')[0])
        .filter(name => !NOT_OUTPUT.test(name));
    return [...new Set(names)];
}
/**
 * A single-stage Node image that installs dev dependencies to build: split in two,
 * a build stage as the file was up to its build, and the runtime stage on the slim
 * base with production dependencies and the build's output copied in.
 */
function multiStage(facts) {
    const [stage] = facts.chain;
    if (facts.chain.length !== 1 || stage.base.kind !== 'image')
        return [];
    const { name, tag } = imageName(stage.base.ref);
    if (name !== 'node')
        return [];
    const [installLine] = devInstallLines([stage]);
    if (installLine === undefined || !facts.devLines.has(installLine))
        return [];
    const build = stage.instructions.find(item => item.keyword === 'RUN' && item.line > installLine && BUILD_SCRIPT.test(item.text));
    const install = stage.instructions.find(item => item.line === installLine);
    const workdir = build && workdirBefore(stage, build.line);
    if (!build || !install || !workdir)
        return [];
    const outputs = outputsOf(facts, build, workdir);
    const production = productionInstall(facts, install);
    if (outputs.length === 0 || !production)
        return [];
    const buildName = facts.stages.some(other => other.name === 'build') ? 'sizegate-build' : 'build';
    const fromLine = facts.lines[stage.line - 1];
    const base = stage.baseExpression;
    const runtimeBase = LEAN_TAG.test(tag)
        ? base
        : base.includes(':')
            ? `${base}-slim`
            : `${base}:slim`;
    const buildStage = {
        from: stage.line,
        to: stage.line - 1,
        lines: [`FROM ${base} AS ${buildName}`, ...facts.lines.slice(stage.line, build.endLine), '']
    };
    const copies = outputs.map(output => `COPY --from=${buildName} /${workdir}/${output} ./${output}`);
    return [
        {
            rule: 'multi-stage',
            title: `Build in a stage of its own; the runtime stage starts from ${runtimeBase} with production dependencies and ${outputs.map(output => `/${workdir}/${output}`).join(', ')} copied in`,
            line: stage.line,
            endLine: build.endLine,
            edits: [
                buildStage,
                { from: stage.line, to: stage.line, lines: [fromLine.replace(base, runtimeBase)] },
                production,
                { from: build.line, to: build.endLine, lines: copies }
            ]
        }
    ];
}

;// CONCATENATED MODULE: ./src/dockerfile/fixes/index.ts




/**
 * The mechanical fixes of the target's Dockerfile, each on its own, in order of the
 * rules: where two touch the same lines, `compatible` keeps the first when all are
 * applied together (the split into stages before the slim base it includes).
 */
function findFixes(facts) {
    return [...multiStage(facts), ...RULES.flatMap(rule => rule(facts))].sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}
/** The fixes that can all be applied at once. */
function allTogether(fixes) {
    const first = fixes.filter(fix => fix.rule === 'multi-stage');
    return compatible([...first, ...fixes.filter(fix => fix.rule !== 'multi-stage')]);
}

// EXTERNAL MODULE: ./node_modules/diff/libesm/patch/create.js + 2 modules
var create = __webpack_require__(7291);
;// CONCATENATED MODULE: ./src/dockerfile/fixes/present.ts


/** The lines a fix spans, as they are and as it writes them. */
function suggestionOf(fix, text) {
    const before = text.split(/\r?\n/);
    const after = applyFixes(text, [fix]).split(/\r?\n/);
    const added = after.length - before.length;
    const start = fix.line - 1;
    return {
        line: fix.line,
        endLine: fix.endLine,
        lines: after.slice(start, start + fix.endLine - fix.line + 1 + added)
    };
}
/** The unified diff (`diff -u`) of the fixes applied to the Dockerfile named `label`. */
function unifiedDiff(label, text, fixes) {
    const patch = (0,create/* createTwoFilesPatch */.ss)(`a/${label}`, `b/${label}`, text, applyFixes(text, fixes), undefined, undefined, { context: 3 });
    // The first line is jsdiff's separator, not part of what `diff -u` prints.
    return patch.replace(/^=+\n/, '');
}

;// CONCATENATED MODULE: ./src/measure/fix-report.ts


/** Why a fix has no saving when no build was asked for. */
const NOT_BUILT = 'not built';
/** What the fixes read of an image: its Dockerfile's lines, its target, and what its layers held. */
function fixFacts(text, target, { hidden, layers, devLines }) {
    const written = new Map();
    for (const layer of layers)
        written.set(layer.line, [...(written.get(layer.line) ?? []), ...layer.folders]);
    const lines = text.split(/\r?\n/);
    return { lines, chain: target.chain, stages: target.stages, hidden, written, devLines };
}
/** Fixes applied together, as the report names them: their rules and one diff. */
function togetherReport(label, text, together) {
    return { rules: together.map(fix => fix.rule), diff: unifiedDiff(label, text, together) };
}
/**
 * The report's fixes: each fix with its diff and suggested change, and all those
 * that go together; not built yet (see verify-fixes.ts).
 */
function fixesReport(label, text, fixes) {
    if (fixes.length === 0)
        return null;
    const together = allTogether(fixes);
    const notBuilt = { saving: null, unverified: NOT_BUILT, removes: null };
    return {
        list: fixes.map(fix => ({
            rule: fix.rule,
            title: fix.title,
            line: fix.line,
            endLine: fix.endLine,
            suggestion: suggestionOf(fix, text).lines,
            diff: unifiedDiff(label, text, [fix]),
            ...notBuilt
        })),
        together: { ...togetherReport(label, text, together), ...notBuilt },
        verifyMs: 0
    };
}
/** The fixes of a measured image's Dockerfile, and the text they edit. */
function fixesOf(target, measures) {
    return { text: target.text, list: findFixes(fixFacts(target.text, target, measures)) };
}

;// CONCATENATED MODULE: ./src/dockerfile/hints.ts


// Below this a hint is noise next to any real image.
const MIN_BYTES = 1_000_000;
const CACHE_ADVICE = [
    [
        /^var\/lib\/apt/,
        'remove them in the same RUN (`rm -rf /var/lib/apt/lists/*`) or use `RUN --mount=type=cache,target=/var/lib/apt/lists`'
    ],
    [
        /^var\/cache\/apt/,
        'run `apt-get clean` in the same RUN, or use `RUN --mount=type=cache,target=/var/cache/apt`'
    ],
    [/^var\/cache\/apk/, 'use `apk add --no-cache`'],
    [
        /^root\/\.cache\/pip/,
        'use `pip install --no-cache-dir` or `RUN --mount=type=cache,target=/root/.cache/pip`'
    ],
    [
        /^root\/\.npm/,
        'use `RUN --mount=type=cache,target=/root/.npm`, or `npm cache clean --force` in the same RUN'
    ]
];
const BUILD_TOOLS = /\b(apt-get|apt|apk|yum|dnf)\b[^&;|]*\b(install|add)\b[^&;|]*\s(build-essential|build-base|gcc|g\+\+|make|cmake|[a-z0-9.+-]+-dev(el)?)(\s|$)/;
const DEPENDENCY_INSTALL = /\b(npm (ci|install|i)|yarn( install)?|pnpm (install|i)|pip3? install\b[^&;|]*-r|poetry install|bundle install|go mod download|composer install)\b/;
function megabytes(bytes) {
    return `${(bytes / 1e6).toFixed(1)} MB`;
}
function copiesWholeContext(instruction) {
    const fromContext = (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') &&
        !instruction.flags.includes('from');
    return fromContext && sources(instruction).some(source => source === '.' || source === './');
}
function dockerfileDevHints(facts) {
    const hints = devInstallLines(facts.chain).map(line => ({
        rule: 'dev-dependencies',
        line,
        bytes: null,
        message: 'This install keeps dev dependencies in the final image: install with `--omit=dev` (yarn/pnpm: `--production`/`--prod`), run `npm prune --omit=dev` after the build, or build in an earlier stage and COPY --from only what runs.'
    }));
    for (const instruction of instructions(facts.chain)) {
        const copy = devNodeModulesCopy(instruction, facts.stages);
        if (copy)
            hints.push({
                rule: 'dev-dependencies',
                line: instruction.line,
                bytes: null,
                message: `This copies node_modules from the stage ${copy.from}, which installed dev dependencies: install with \`--omit=dev\` in a stage of its own (or \`npm prune --omit=dev\` there) and copy that.`
            });
    }
    return hints;
}
/** Dev packages by the line of the layer holding most of each. */
function devPackagesByLine(devPackages) {
    const byLine = new Map();
    for (const item of devPackages)
        byLine.set(item.line, [...(byLine.get(item.line) ?? []), item]);
    return byLine;
}
const hints_bytesOf = (packages) => packages.reduce((sum, item) => sum + item.bytes, 0);
const DEV_NAMED = 5;
/** The dev packages a line put in the image, largest first, as a sentence names them. */
function devPackageNames(packages) {
    const named = [...packages]
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, DEV_NAMED)
        // Names come from the image: no backtick may turn the rest of the message into code.
        .map(item => `${item.name} ${item.versions.join(', ')}`.replace(/`/g, "'"));
    const more = packages.length - named.length;
    return `${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
/**
 * Dev dependencies in the final image, only where its package list holds some (a
 * project without devDependencies, or installed with NODE_ENV=production, has none
 * to drop): the install or copy the Dockerfile shows, with the packages its layer
 * holds that only development needs and their bytes (what `--omit=dev` drops); a
 * line holding such packages the Dockerfile does not explain gets a hint of its own.
 */
function devDependencyHints(facts) {
    const byLine = devPackagesByLine(facts.devPackages);
    const hints = dockerfileDevHints(facts).flatMap(hint => {
        const packages = byLine.get(hint.line ?? 0) ?? [];
        byLine.delete(hint.line ?? 0);
        const bytes = hints_bytesOf(packages);
        if (bytes < MIN_BYTES)
            return [];
        return [
            { ...hint, bytes, message: `${hint.message} Dropped that way: ${devPackageNames(packages)}.` }
        ];
    });
    for (const [line, packages] of byLine) {
        const bytes = hints_bytesOf(packages);
        if (bytes < MIN_BYTES)
            continue;
        hints.push({
            rule: 'dev-dependencies',
            line,
            bytes,
            message: `This layer holds packages only development needs (the lockfile marks them dev): ${devPackageNames(packages)}. Install with \`--omit=dev\`, or copy node_modules from a stage that did.`
        });
    }
    return hints;
}
/** Lines whose layers hold at least MIN_BYTES of dev packages: what a dev-dependency fix can save. */
function devPackageLines(devPackages) {
    const byLine = [...devPackagesByLine(devPackages)];
    return new Set(byLine.filter(([, packages]) => hints_bytesOf(packages) >= MIN_BYTES).map(([line]) => line));
}
/** Caches the Dockerfile's own lines left; one the base image ships is the base's to drop. */
function cacheHints(facts) {
    const baseLine = facts.chain[0]?.line;
    return facts.caches
        .filter(cache => cache.bytes >= MIN_BYTES && cache.line !== baseLine)
        .map(cache => {
        const advice = CACHE_ADVICE.find(([pattern]) => pattern.test(cache.path))?.[1] ??
            `use \`RUN --mount=type=cache,target=/${cache.path}\` so it stays out of the image`;
        return {
            rule: 'cache-in-image',
            line: cache.line,
            bytes: cache.bytes,
            message: `/${cache.path} ships ${megabytes(cache.bytes)} of cache nothing needs at run time: ${advice}.`
        };
    });
}
/** Images whose full variant carries compilers and docs a slim one leaves out. */
const FULL_BASES = [
    [/^node$/, 'use the `-slim` variant (or `-alpine`, or distroless nodejs) for the final stage'],
    [/^python$/, 'use the `-slim` variant (or `-alpine`) for the final stage'],
    [/^ruby$/, 'use the `-slim` variant (or `-alpine`) for the final stage'],
    [
        /^(golang|rust)$/,
        'the final image carries the whole toolchain: build in a stage of its own and COPY the binary into `scratch` or `gcr.io/distroless/static`'
    ],
    [
        /^(openjdk|eclipse-temurin|amazoncorretto|maven|gradle)$/,
        'a JDK (and its build tool) runs nothing a JRE cannot: run on a JRE image such as `eclipse-temurin:21-jre`'
    ]
];
function baseImageHints(facts) {
    const root = facts.chain[0];
    if (root?.base.kind !== 'image')
        return [];
    const { name, tag } = imageName(root.base.ref);
    const advice = FULL_BASES.find(([pattern]) => pattern.test(name))?.[1];
    if (!advice || LEAN_TAG.test(tag))
        return [];
    return [
        {
            rule: 'full-base-image',
            line: root.line,
            bytes: null,
            message: `The final image starts from the full ${name} image: ${advice}.`
        }
    ];
}
function rootUserHints(facts) {
    const root = facts.chain[0];
    if (root?.base.kind === 'image' && /nonroot/.test(root.base.ref))
        return [];
    const users = instructions(facts.chain).filter(instruction => instruction.keyword === 'USER');
    const last = users[users.length - 1];
    if (last && !/^(root|0)(:(root|0))?$/.test(last.text.trim()))
        return [];
    const target = facts.chain[facts.chain.length - 1];
    return [
        {
            rule: 'runs-as-root',
            line: last?.line ?? target.line,
            bytes: null,
            message: 'The image runs as root: add a `USER` with an unprivileged user (e.g. `USER node`, `USER 65532`) after the last step that needs root.'
        }
    ];
}
/** COPY . . before the install in a stage: any code change reruns the install. */
function installOrderHints(facts) {
    const hints = [];
    const used = new Set(facts.chain);
    for (const instruction of instructions(facts.chain)) {
        const from = fromFlag(instruction);
        const stage = from ? findStage(facts.stages, from) : undefined;
        if (stage)
            for (const part of stageChain(facts.stages, stage))
                used.add(part);
    }
    for (const stage of used) {
        const copy = stage.instructions.find(copiesWholeContext);
        if (!copy)
            continue;
        const install = stage.instructions.find(instruction => instruction.line > copy.line &&
            instruction.keyword === 'RUN' &&
            DEPENDENCY_INSTALL.test(instruction.text));
        if (install)
            hints.push({
                rule: 'install-after-copy',
                line: copy.line,
                bytes: null,
                message: `This copies the whole context before the dependency install on line ${install.line}, so any code change reruns the install: copy the dependency manifests (package.json and its lock file, requirements.txt, go.mod…) first, install, then copy the rest.`
            });
    }
    return hints;
}
function instructionHints(facts) {
    const hints = [];
    for (const instruction of instructions(facts.chain)) {
        if (copiesWholeContext(instruction) && !facts.hasDockerignore) {
            hints.push({
                rule: 'copy-whole-context',
                line: instruction.line,
                bytes: null,
                message: `This ${instruction.keyword} copies the whole build context and there is no .dockerignore: .git, node_modules and local files can land in the image.`
            });
        }
        if (instruction.keyword !== 'RUN')
            continue;
        if (APT_INSTALL.test(instruction.text) && !instruction.text.includes('--no-install-recommends'))
            hints.push({
                rule: 'no-install-recommends',
                line: instruction.line,
                bytes: null,
                message: 'apt-get installs recommended packages too: add `--no-install-recommends` to install only what you name.'
            });
        if (BUILD_TOOLS.test(instruction.text)) {
            hints.push({
                rule: 'build-tools',
                line: instruction.line,
                bytes: null,
                message: 'Build tools are installed in the final image: install them in a builder stage and COPY --from only the output.'
            });
        }
    }
    return hints;
}
/** Copies later layers hid: on the line that hid them and on the line that wrote them. */
function hiddenCopyHints(facts) {
    const byLine = new Map(instructions(facts.chain).map(instruction => [instruction.line, instruction]));
    return facts.hidden
        .filter(pair => pair.bytes >= MIN_BYTES)
        .flatMap((pair) => {
        const size = megabytes(pair.bytes);
        const hider = byLine.get(pair.hiderLine);
        if (hider?.keyword === 'RUN' && RECURSIVE_OWNER.test(hider.text)) {
            const how = pair.writerKeyword === 'COPY' || pair.writerKeyword === 'ADD'
                ? `set them as they land: \`${pair.writerKeyword} --chown=…\` (or \`--chmod=…\`) on line ${pair.writerLine}`
                : `change them in the RUN on line ${pair.writerLine} that writes them`;
            return [
                {
                    rule: 'duplicated-by-chown',
                    line: pair.hiderLine,
                    bytes: pair.bytes,
                    message: `This changes owner or mode of ${size} that line ${pair.writerLine} wrote, which copies every file into a new layer: ${how}.`
                }
            ];
        }
        const fromBase = pair.writerKeyword === 'FROM';
        const hiding = {
            rule: 'wasted-bytes',
            line: pair.hiderLine,
            bytes: pair.bytes,
            message: fromBase
                ? `This deletes or replaces ${size} of files that came with the base image; the base's layers still ship the originals, so this adds bytes instead of saving them: only a base image without those files saves them.`
                : `This deletes or replaces ${size} that line ${pair.writerLine} wrote; they still ship in that line's layer: remove them in the same RUN that writes them, or make them in another stage.`
        };
        if (fromBase)
            return [hiding];
        return [
            hiding,
            {
                rule: 'wasted-bytes',
                line: pair.writerLine,
                bytes: pair.bytes,
                message: `${size} written here are deleted or replaced by line ${pair.hiderLine}, yet still ship: remove them in this same RUN, or make them in another stage.`
            }
        ];
    });
}
/** Hints for the target's image, largest measured saving first, then by line. */
function findHints(facts) {
    return [
        ...cacheHints(facts),
        ...hiddenCopyHints(facts),
        ...baseImageHints(facts),
        ...devDependencyHints(facts),
        ...installOrderHints(facts),
        ...instructionHints(facts),
        ...rootUserHints(facts)
    ].sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0));
}

;// CONCATENATED MODULE: ./src/dockerfile/buildargs.ts
/** Args docker accepts without an ARG instruction. */
const PREDEFINED = /^(HTTPS?_PROXY|FTP_PROXY|NO_PROXY|ALL_PROXY|https?_proxy|ftp_proxy|no_proxy|all_proxy|SOURCE_DATE_EPOCH|BUILDKIT_[A-Z_]+)$/;
const SECRET_WORDS = new Set([
    'TOKEN',
    'PASSWORD',
    'PASSWD',
    'PASS',
    'SECRET',
    'KEY',
    'APIKEY',
    'CREDENTIAL',
    'CREDENTIALS',
    'AUTH',
    'PRIVATE',
    'PAT'
]);
const SECRET_PARTS = /TOKEN|PASSWORD|PASSWD|SECRET|APIKEY|CREDENTIAL/;
const REDACTED = '***';
/** True for names like NPM_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY, SSH_PRIVATE_KEY. */
function looksSecret(name) {
    const upper = name.toUpperCase();
    return SECRET_PARTS.test(upper) || upper.split('_').some(word => SECRET_WORDS.has(word));
}
function checkBuildArgs(model, args, fileLabel) {
    const warnings = [];
    for (const arg of args) {
        if (!model.declaredArgs.has(arg.name) && !PREDEFINED.test(arg.name)) {
            warnings.push(`build-args: ${arg.name} is not declared by any ARG in ${fileLabel}; the build ignores it`);
        }
    }
    const secretNames = args.filter(arg => looksSecret(arg.name)).map(arg => arg.name);
    if (secretNames.length > 0) {
        warnings.push(`build-args: ${secretNames.join(', ')} look${secretNames.length === 1 ? 's' : ''} secret; build args are written into the image history for anyone who pulls it. Pass secrets with a build secret (RUN --mount=type=secret) instead.`);
    }
    return { secretNames, warnings };
}
/** Build args for a report: values of secret-looking names replaced. */
function redactBuildArgs(args) {
    return Object.fromEntries(args.map(arg => [arg.name, looksSecret(arg.name) ? REDACTED : arg.value]));
}
/** Values of secret-looking args, which must not reach logs or reports. */
function secretValues(args) {
    return args.filter(arg => looksSecret(arg.name) && arg.value !== '').map(arg => arg.value);
}
/** Text (such as a layer's created_by, which holds RUN's build args) with secret values replaced. */
function redactText(text, secrets) {
    return secrets.reduce((redacted, secret) => redacted.split(secret).join(REDACTED), text);
}

;// CONCATENATED MODULE: ./src/buildx/checks.ts
/** Where buildx puts the build's warnings in its metadata file. */
const WARNINGS_KEY = 'buildx.build.warnings';
/** In the Dockerfile's order: BuildKit reports them in the order its checks finish. */
function byLine(a, b) {
    return (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule);
}
function decoded(base64) {
    return Buffer.from(base64, 'base64').toString('utf8');
}
/** A source that is this Dockerfile, as build-push-action matches it: same name ending, same text. */
function isDockerfile(source, dockerfile) {
    if (!source?.filename || !source.data)
        return false;
    return dockerfile.file.endsWith(source.filename) && decoded(source.data) === dockerfile.text;
}
function checkOf(warning) {
    const short = decoded(warning.short).replace(/\s\(line \d+\)$/, '');
    const colon = short.indexOf(': ');
    return {
        rule: colon === -1 ? '' : short.slice(0, colon),
        line: warning.range?.[0]?.start?.line ?? null,
        message: colon === -1 ? short : short.slice(colon + 2),
        description: warning.detail.map(decoded).join(' '),
        url: warning.url ?? null
    };
}
/** The checks `--call check` found on this Dockerfile, from buildx's metadata. */
function callChecksOf(metadata, dockerfile) {
    const answer = metadata?.['result.json'];
    if (!answer || !Array.isArray(answer.warnings))
        return [];
    return answer.warnings
        .filter(warning => isDockerfile(answer.sources?.[warning.location?.sourceIndex ?? 0], dockerfile))
        .map(warning => ({
        rule: warning.ruleName ?? '',
        line: warning.location?.ranges?.[0]?.start?.line ?? null,
        message: warning.detail ?? '',
        description: warning.description ?? '',
        url: warning.url ?? null
    }))
        .sort(byLine);
}
/**
 * BuildKit's Dockerfile checks on the Dockerfile that was built (FromAsCasing,
 * SecretsUsedInArgOrEnv, …), from buildx's metadata; warnings without a rule or
 * about another file (a frontend's own) are left out, as build-push-action leaves them.
 */
function buildChecksOf(metadata, dockerfile) {
    const warnings = metadata?.[WARNINGS_KEY];
    if (!Array.isArray(warnings))
        return [];
    return warnings
        .filter((warning) => typeof warning.short === 'string' && Array.isArray(warning.detail))
        .filter(warning => isDockerfile(warning.sourceInfo, dockerfile))
        .map(checkOf)
        .sort(byLine);
}

;// CONCATENATED MODULE: ./src/version.ts
/** The tool version written into every report; a test keeps it equal to package.json's. */
const TOOL_VERSION = '0.1.0';

;// CONCATENATED MODULE: ./src/measure/report.ts









/**
 * Copies later layers hid, by the Dockerfile lines that wrote and hid them. What the
 * base image's own layers hid is the base's business: no line of this Dockerfile did it.
 */
function hiddenByLine(measured) {
    const byLines = new Map();
    for (const pair of measured.hidden) {
        const [writer, hider] = [measured.layers[pair.writer], measured.layers[pair.hider]];
        if (hider.instruction === 'FROM')
            continue;
        const key = `${writer.line}:${hider.line}`;
        const known = byLines.get(key);
        if (known)
            known.bytes += pair.bytes;
        else
            byLines.set(key, {
                writerLine: writer.line,
                writerKeyword: writer.instruction,
                hiderLine: hider.line,
                bytes: pair.bytes
            });
    }
    return [...byLines.values()];
}
/** The image's dev packages, each with the Dockerfile line of the layer holding most of it. */
function devPackagesOf(measured) {
    return measured.packages
        .filter(item => item.dev)
        .map(item => ({ ...item, line: measured.layers[item.layer]?.line ?? 0 }));
}
/** Hints from the target's stages and what the measurement found in the image. */
function hintsFor(source, measured, hidden) {
    return findHints({
        chain: source.target.chain,
        stages: source.target.stages,
        caches: measured.caches.map(cache => ({ ...cache, line: measured.layers[cache.layer].line })),
        hidden,
        hasDockerignore: source.hasDockerignore,
        devPackages: devPackagesOf(measured)
    });
}
function buildReport({ context, identity, build, measured, hints, buildChecks, fixes, base }) {
    return {
        schema: REPORT_SCHEMA,
        tool: { name: 'sizegate', version: TOOL_VERSION },
        commit: context.commit,
        ref: context.ref,
        dockerfile: context.dockerfile,
        target: build.target,
        identity,
        builtWith: context.builtWith,
        buildArgs: context.buildArgs,
        platform: measured.platform,
        imageId: build.imageId,
        digest: build.digest ?? null,
        compressedBytes: measured.compressedBytes,
        compressedSource: measured.compressedSource,
        imageStore: measured.imageStore ?? null,
        estimatedBytes: measured.estimatedBytes,
        uncompressedBytes: measured.uncompressedBytes,
        layers: measured.layers.map(layer => ({
            ...layer,
            createdBy: redactText(layer.createdBy, context.secrets),
            source: layer.source && redactText(layer.source, context.secrets)
        })),
        base,
        files: measured.files,
        wastedBytes: measured.wastedBytes,
        efficiency: measured.efficiency,
        userWastedPercent: measured.userWastedPercent,
        hints,
        buildChecks: buildChecks.map(check => ({
            ...check,
            message: redactText(check.message, context.secrets)
        })),
        fixes,
        packages: packagesReport(measured.packages),
        trend: [],
        build: {
            builder: build.builder,
            ghaCache: build.ghaCache,
            durationMs: build.durationMs,
            cachedSteps: build.cachedSteps,
            totalSteps: build.totalSteps
        },
        createdAt: context.now.toISOString()
    };
}
/**
 * The Dockerfile, when it can have made the image; else undefined, said in a
 * warning: another project's Dockerfile would put every layer on its FROM line.
 */
function dockerfileThatBuilt(dockerfile, names, measured) {
    if (measured.madeByDockerfile)
        return dockerfile;
    log/* log */.Rm.warning(`${names.dockerfile} cannot have built ${names.image}: the image's last steps are not its instructions. Its layers are shown without Dockerfile lines, and no hints are drawn from the Dockerfile.`);
    return undefined;
}
/** The image the final stage's chain starts FROM, as the build args resolve it; null where unknown. */
function baseImageOf(target) {
    const root = target.chain[0]?.base;
    return root?.kind === 'image' ? root.ref : null;
}
/** The one place a measured image becomes a report, with the hints its Dockerfile gives. */
function measuredReport(image, context) {
    const { identity, build, measured } = image;
    const names = { dockerfile: context.dockerfile || 'The Dockerfile', image: build.target };
    const dockerfile = image.dockerfile && dockerfileThatBuilt(image.dockerfile, names, measured);
    const hidden = hiddenByLine(measured);
    const hints = dockerfile ? hintsFor(dockerfile, measured, hidden) : [];
    const devLines = devPackageLines(devPackagesOf(measured));
    const fixes = dockerfile && fixesOf(dockerfile.target, { hidden, layers: measured.layers, devLines });
    const fixReport = fixes ? fixesReport(context.dockerfile, fixes.text, fixes.list) : null;
    const buildChecks = image.dockerfile
        ? buildChecksOf(build.metadata, {
            file: image.dockerfile.file,
            text: image.dockerfile.target.text
        })
        : [];
    return {
        report: buildReport({
            context,
            identity,
            build,
            measured,
            hints,
            buildChecks,
            fixes: fixReport,
            base: dockerfile ? basePart(measured.layers, baseImageOf(dockerfile.target)) : null
        }),
        build,
        dockerfile: dockerfile && { file: dockerfile.file, target: dockerfile.target },
        fixes,
        contents: measured.contents
    };
}
/** What a report says of the run that made it; what no run gave is left empty. */
function reportContext(given) {
    return {
        commit: null,
        ref: null,
        dockerfile: '',
        buildArgs: {},
        builtWith: [],
        secrets: [],
        now: new Date(),
        ...given
    };
}

// EXTERNAL MODULE: ./node_modules/fastest-levenshtein/mod.js
var mod = __webpack_require__(1916);
;// CONCATENATED MODULE: ./src/dockerfile/suggest.ts

/** The candidate a typo most likely meant, or undefined when none is close. */
function didYouMean(word, candidates) {
    if (candidates.length === 0)
        return undefined;
    const best = (0,mod/* closest */.kp)(word.toLowerCase(), candidates.map(candidate => candidate.toLowerCase()));
    const limit = Math.max(2, Math.floor(word.length / 3));
    if ((0,mod/* distance */.Io)(word.toLowerCase(), best) > limit)
        return undefined;
    return candidates.find(candidate => candidate.toLowerCase() === best);
}

;// CONCATENATED MODULE: ./src/dockerfile/resolve.ts




/** The name a target goes by in reports, logs and cache scopes. */
const DEFAULT_TARGET = 'default';
function stageNames(model) {
    return model.stages.flatMap(stage => (stage.name ? [stage.name] : []));
}
function findTarget(model, target, fileLabel) {
    const stage = model.stages.find(candidate => candidate.name?.toLowerCase() === target.toLowerCase());
    if (stage)
        return stage;
    const names = stageNames(model);
    const suggestion = didYouMean(target, names);
    const hint = suggestion
        ? `did you mean "${suggestion}"?`
        : names.length > 0
            ? `expected one of: ${names.join(', ')}`
            : 'the Dockerfile names no stage (use FROM image AS name)';
    throw new SettingError(input_names/* Inputs */.G.targets, `no stage "${target}" in ${fileLabel}; ${hint}`);
}
/** Checks each stage the target needs; unknown COPY --from names fail when they look like a typo. */
function needsOf(model, stage, fileLabel, warnings) {
    const seen = new Set();
    const visit = (current) => {
        if (seen.has(current.index))
            return;
        seen.add(current.index);
        for (const ref of [current.base, ...current.uses]) {
            if (ref.kind === 'stage')
                visit(model.stages[ref.index]);
            if (ref.kind !== 'unknown')
                continue;
            const suggestion = didYouMean(ref.name, stageNames(model));
            const where = `${fileLabel}:${ref.line}: ${ref.via}=${ref.name}`;
            if (suggestion)
                throw new UserError(`${where}: no stage "${ref.name}"; did you mean "${suggestion}"?`);
            if (/^[0-9]+$/.test(ref.name)) {
                throw new UserError(`${where}: no stage ${ref.name}; the file has stages 0 to ${model.stages.length - 1}`);
            }
            warnings.push(`${where} names no stage; docker will pull it as the image "${ref.name}"`);
        }
    };
    visit(stage);
    return [...seen].sort((a, b) => a - b);
}
/** Picks the stages to build (default: the last) and checks what each needs. */
function resolveTargets(model, targets, fileLabel) {
    if (model.stages.length === 0) {
        throw new SettingError(input_names/* Inputs */.G.file, `${fileLabel} has no FROM instruction; expected a Dockerfile`);
    }
    const warnings = [];
    const picked = targets.length > 0
        ? targets.map(target => findTarget(model, target, fileLabel))
        : [model.stages[model.stages.length - 1]];
    const resolved = picked.map(stage => ({
        name: stage.name ?? DEFAULT_TARGET,
        buildTarget: targets.length > 0 ? stage.name : undefined,
        stage,
        chain: stageChain(model.stages, stage),
        needs: needsOf(model, stage, fileLabel, warnings),
        upToTarget: model.stages.slice(0, stage.index + 1),
        stages: model.stages,
        text: model.text
    }));
    return { targets: resolved, warnings };
}

;// CONCATENATED MODULE: ./src/buildx/argv.ts

/** Flags every builder takes the same way. */
function commonArgs(plan) {
    const args = ['--file', plan.file];
    if (plan.buildTarget)
        args.push('--target', plan.buildTarget);
    for (const arg of plan.buildArgs)
        args.push('--build-arg', `${arg.name}=${arg.value}`);
    for (const tag of plan.tags)
        args.push('--tag', tag);
    if (plan.network)
        args.push('--network', plan.network);
    if (plan.platforms.length > 0)
        args.push('--platform', plan.platforms.join(','));
    if (plan.noCache)
        args.push('--no-cache');
    return args;
}
/** A field of buildx's CSV values (--secret, --output): quoted when it holds a comma or a quote. */
function csvField(field) {
    return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
function repeated(flag, values) {
    return values.flatMap(value => [flag, value]);
}
/** An image reference out of a cache source, for docker build's --cache-from (images only). */
function cacheImage(source) {
    if (!source.includes('='))
        return source;
    const fields = new Map(source.split(',').map(field => field.split('=', 2)));
    return fields.get('type') === 'registry' ? fields.get('ref') : undefined;
}
/** `[type:]key=value` → the exporter attribute older buildx passes annotations as. */
function annotationAttribute(annotation) {
    const eq = annotation.indexOf('=');
    const colon = annotation.lastIndexOf(':', eq);
    const kind = colon === -1 ? '' : `-${annotation.slice(0, colon)}`;
    return csvField(`annotation${kind}.${annotation.slice(colon + 1)}`);
}
/** Whether the image goes to the engine, by sizegate's load or a docker output of the user's. */
function loads(plan) {
    return plan.load || plan.options.outputs.some(output => outputType(output) === 'docker');
}
/** The exporter type of one of the user's outputs; an entry without type= is a local folder (buildx). */
function outputType(output) {
    return /(?:^|,)\s*type\s*=\s*([^,]*)/.exec(output)?.[1]?.trim() ?? 'local';
}
/** Whether the user's outputs push the image to a registry. */
function userOutputsPush(outputs) {
    return outputs.some(output => {
        const type = outputType(output);
        return type === 'registry' || (type === 'image' && /(?:^|,)\s*push\s*=\s*true\b/.test(output));
    });
}
/** The flags of build-push-action's inputs, for this kind of builder. */
function optionArgs(plan, builder) {
    const options = plan.options;
    const args = [
        ...repeated('--label', options.labels),
        ...repeated('--add-host', options.addHosts),
        ...(options.shmSize ? ['--shm-size', options.shmSize] : []),
        ...repeated('--ulimit', options.ulimits),
        ...(options.pull ? ['--pull'] : [])
    ];
    if (builder.kind !== 'legacy') {
        for (const secret of plan.secrets) {
            const source = 'env' in secret ? `env=${secret.env}` : `src=${secret.file}`;
            args.push('--secret', [`id=${secret.id}`, source].map(csvField).join(','));
        }
        args.push(...repeated('--ssh', options.ssh));
    }
    if (builder.kind !== 'buildx') {
        const images = options.cacheFrom.map(cacheImage).filter(image => image !== undefined);
        return [...args, ...repeated('--cache-from', images)];
    }
    args.push(...repeated('--build-context', options.buildContexts));
    args.push(...repeated('--allow', options.allow));
    if (options.cgroupParent)
        args.push('--cgroup-parent', options.cgroupParent);
    // Never a default the builder would refuse (the docker driver on the classic store).
    const buildkitAttests = builder.defaultProvenance === true && builder.keepsAttestations === true;
    args.push(...repeated('--attest', attestArgs(options, { buildkitAttests, loads: loads(plan) })));
    args.push(...repeated('--no-cache-filter', options.noCacheFilters));
    if (builder.annotationFlag)
        args.push(...repeated('--annotation', options.annotations));
    return args;
}
/** Whether the builder can hand its image over as an archive: every driver but docker's. */
function exportsArchive(builder) {
    return builder.kind === 'buildx' && builder.driver !== 'docker';
}
/**
 * Whether the image the builder exports is wanted in the engine too, and the builder
 * can write a docker archive: then one export feeds both (one platform only: the
 * engine holds one of an image). Otherwise a second build loads it from the cache.
 */
function exportLoads(plan, builder) {
    return (exportsArchive(builder) &&
        builder.dockerExport === true &&
        plan.load &&
        plan.platforms.length <= 1);
}
/**
 * The outputs of one target's buildx builds, the first one building, the rest
 * taken from its cache. A builder that exports hands its archive to the
 * measurement, and loads or pushes only when asked; the docker driver builds into
 * the engine, where the image is measured, so a push is all it may add. The
 * user's own outputs come last, as they gave them: one build may not carry
 * several exporters (before buildx 0.13), and theirs may hold no image to measure.
 */
function buildxOutputs(plan, builder) {
    const outputs = measuredOutputs(plan, builder);
    return plan.options.outputs.length > 0 ? [...outputs, 'outputs'] : outputs;
}
/** The builds that give sizegate its image, loaded or pushed as asked. */
function measuredOutputs(plan, builder) {
    if (exportLoads(plan, builder))
        return ['export+load', ...deliveries(false, plan.push, builder)];
    if (exportsArchive(builder))
        return ['export', ...deliveries(plan.load, plan.push, builder)];
    if (!plan.push)
        return ['load'];
    if (builder.driver === 'docker')
        return ['push'];
    return deliveries(true, true, builder);
}
function deliveries(load, push, builder) {
    if (load && push)
        return builder.pushWithLoad ? ['load+push'] : ['load', 'push'];
    if (load)
        return ['load'];
    return push ? ['push'] : [];
}
/** The gha cache (where the builder can use it) and the user's own caches; a base build only reads. */
function cacheArgs(plan, builder) {
    const args = repeated('--cache-from', plan.options.cacheFrom);
    if (builder.ghaCache)
        args.push('--cache-from', `type=gha,scope=${plan.cacheScope}`);
    if (!plan.exportCache)
        return args;
    args.push(...repeated('--cache-to', plan.options.cacheTo));
    if (builder.ghaCache)
        args.push('--cache-to', `type=gha,mode=${plan.cacheMode},scope=${plan.cacheScope},ignore-error=true`);
    return args;
}
/** --push; with annotations and a buildx without --annotation, the registry output carrying them. */
function pushArgs(plan, builder) {
    const annotations = plan.options.annotations;
    if (builder.annotationFlag || annotations.length === 0)
        return ['--push'];
    return ['--output', ['type=registry', ...annotations.map(annotationAttribute)].join(',')];
}
/**
 * argv (after `docker`) of one target's buildx build. The first build of a
 * target reads and writes the caches; a later one only delivers what it built.
 */
function buildxArgv(plan, builder, output = 'load', first = true) {
    const args = ['buildx', 'build'];
    if (builder.name)
        args.push('--builder', builder.name);
    args.push(...commonArgs(plan), ...optionArgs(plan, builder));
    // The user's outputs may hold no image (local, tar), a call none: no id to write.
    if (output !== 'outputs' && output !== 'call')
        args.push('--iidfile', plan.iidFile);
    args.push('--progress=plain', '--metadata-file', plan.metadataFile);
    if (first)
        args.push(...cacheArgs(plan, builder));
    if (output === 'export')
        args.push('--output', `type=oci,${csvField(`dest=${plan.exportFile}`)}`);
    if (output === 'export+load')
        args.push('--output', `type=docker,${csvField(`dest=${plan.exportFile}`)}`);
    if (output === 'load' || output === 'load+push')
        args.push('--load');
    if (output === 'push' || output === 'load+push')
        args.push(...pushArgs(plan, builder));
    if (output === 'outputs')
        args.push(...repeated('--output', plan.options.outputs));
    if (output === 'call' && plan.options.call)
        args.push('--call', plan.options.call);
    args.push(plan.context);
    return args;
}
/** argv (after `docker`) of one target's build without buildx: BuildKit, or the legacy builder. */
function dockerBuildArgv(plan, builder) {
    // The legacy builder has no --progress flag.
    const progress = builder.kind === 'legacy' ? [] : ['--progress=plain'];
    return [
        'build',
        ...commonArgs(plan),
        '--iidfile',
        plan.iidFile,
        ...optionArgs(plan, builder),
        ...progress,
        plan.context
    ];
}

;// CONCATENATED MODULE: ./src/buildx/versions.ts
function parseVersion(text) {
    const match = /\bv?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '');
    if (!match)
        return undefined;
    return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}
/** Whether `version` is at least `minimum` (e.g. "0.21.0"). */
function atLeast(version, minimum) {
    const min = parseVersion(minimum);
    if (version.major !== min.major)
        return version.major > min.major;
    if (version.minor !== min.minor)
        return version.minor > min.minor;
    return version.patch >= min.patch;
}
function formatVersion(version) {
    return `${version.major}.${version.minor}.${version.patch}`;
}
function parseInspect(output) {
    const field = (name) => new RegExp(`^${name}:[ \\t]*(\\S.*?)\\s*$`, 'm').exec(output)?.[1];
    return {
        name: field('Name'),
        driver: field('Driver'),
        status: field('Status'),
        buildkit: field('Buildkit') ?? field('BuildKit version'),
        error: /^(?:#\d+ )?ERROR:?\s*(.+)$/m.exec(output)?.[1]
    };
}

;// CONCATENATED MODULE: ./src/buildx/choose.ts

/** The builder sizegate creates when the current one cannot export cache. */
const OWN_BUILDER = 'sizegate';
// Since cache service v1 was retired, type=gha needs these (buildx and BuildKit release notes).
const GHA_V2_BUILDX = '0.21.0';
const GHA_V2_BUILDKIT = '0.20.0';
// One build with several exporters (--load and --push together).
const MULTI_EXPORT_BUILDX = '0.13.0';
const MULTI_EXPORT_BUILDKIT = '0.13.0';
// --annotation (older buildx passes annotations only as exporter attributes).
const ANNOTATION_FLAG_BUILDX = '0.12.0';
// --attest (provenance, sbom and other attestations).
const ATTESTS_BUILDX = '0.10.0';
// --call, the build methods that answer instead of building.
const CALL_BUILDX = '0.15.0';
// Attestations in the image (build-push-action's condition for its default provenance).
const ATTESTS_BUILDKIT = '0.11.0';
// buildx before 0.11 refuses the docker exporter on the remote driver (buildx#1844).
const REMOTE_DOCKER_EXPORT_BUILDX = '0.11.0';
// Docker CLI 23 made BuildKit the default and refuses it without the buildx plugin.
const CLI_NEEDS_BUILDX = '23.0.0';
// The engine's own BuildKit (the docker driver) speaks cache service v2 from Docker 28 on.
const GHA_V2_ENGINE = '28.0.0';
/** The service buildx would reach with type=gha; undefined when the run offers none. */
function ghaCacheService(env) {
    if (!env.ACTIONS_RUNTIME_TOKEN)
        return undefined;
    if (env.ACTIONS_CACHE_SERVICE_V2)
        return env.ACTIONS_RESULTS_URL ? 'v2' : undefined;
    return env.ACTIONS_CACHE_URL ? 'v1' : undefined;
}
/** Why type=gha would be lost with these versions, or undefined when it works. */
function ghaCacheBlocker(service, buildx, buildkit, engine) {
    if (service !== 'v2')
        return undefined;
    if (!atLeast(buildx, GHA_V2_BUILDX))
        return `buildx ${formatVersion(buildx)} speaks only the retired cache service (v1); cache service v2 needs buildx ${GHA_V2_BUILDX} or later`;
    if (buildkit && !atLeast(buildkit, GHA_V2_BUILDKIT))
        return `BuildKit ${formatVersion(buildkit)} speaks only the retired cache service (v1); cache service v2 needs BuildKit ${GHA_V2_BUILDKIT} or later`;
    if (engine && !atLeast(engine, GHA_V2_ENGINE))
        return `the BuildKit of Docker Engine ${formatVersion(engine)} speaks only the retired cache service (v1); cache service v2 with the docker driver needs Docker Engine ${GHA_V2_ENGINE} or later`;
    return undefined;
}
/** Whether one build can push and load: the docker driver always; others with new enough tools. */
function canPushWithLoad(driver, buildx, buildkit) {
    if (driver === 'docker')
        return true;
    return (atLeast(buildx, MULTI_EXPORT_BUILDX) &&
        buildkit !== undefined &&
        atLeast(buildkit, MULTI_EXPORT_BUILDKIT));
}
/**
 * build-push-action's test before its default provenance: the builder's BuildKit is
 * 0.11 or later; the engine's own (the docker driver) counts only as a `-moby` version.
 */
function attachesAttestations(driver, buildkit) {
    const version = parseVersion(buildkit);
    if (!version || !atLeast(version, ATTESTS_BUILDKIT))
        return false;
    return driver !== 'docker' || /-moby$/.test(buildkit ?? '');
}
const INSTALL_BUILDX = 'install the buildx plugin (on GitHub Actions: docker/setup-buildx-action before this step)';
function withoutBuildx(facts) {
    const notices = [];
    const client = parseVersion(facts.clientVersion);
    const plain = { ghaCache: false, cacheExport: false, pushWithLoad: true };
    if (client && atLeast(client, CLI_NEEDS_BUILDX)) {
        const refusal = `docker buildx is not installed, and Docker CLI ${facts.clientVersion} runs BuildKit only through it`;
        if (facts.needsBuildKit) {
            return {
                builder: { kind: 'legacy', ...plain },
                notices,
                warnings: [],
                createOwnBuilder: false,
                error: `${refusal}; the Dockerfile needs BuildKit (${facts.needsBuildKit}): ${INSTALL_BUILDX}.`
            };
        }
        notices.push(`${refusal}: building with the legacy builder. For BuildKit and the GitHub Actions cache, ${INSTALL_BUILDX}.`);
        return { builder: { kind: 'legacy', ...plain }, notices, warnings: [], createOwnBuilder: false };
    }
    if (facts.cacheWanted) {
        notices.push('docker buildx is not installed: building with docker build (BuildKit); the GitHub Actions cache needs buildx, so this build runs without it.');
    }
    return { builder: { kind: 'docker', ...plain }, notices, warnings: [], createOwnBuilder: false };
}
/** The decision, apart from the commands that inform it. */
function chooseBuilder(facts) {
    const buildx = facts.buildxVersion ? parseVersion(facts.buildxVersion) : undefined;
    if (!buildx)
        return withoutBuildx(facts);
    const buildkit = facts.driver === 'docker' ? undefined : parseVersion(facts.buildkitVersion);
    const notices = [];
    const warnings = [];
    let ghaCache = facts.cacheWanted && facts.cacheService !== undefined;
    if (facts.cacheWanted && !facts.cacheService) {
        notices.push('The GitHub Actions cache is unavailable (ACTIONS_RUNTIME_TOKEN or the cache URL is not set): building without cache-from/cache-to.');
    }
    // The docker driver builds with the engine's BuildKit: on the containerd image
    // store it exports cache itself, if the engine is new enough to speak to the service.
    const engineExports = facts.driver === 'docker' && facts.imageStore === 'containerd';
    const engine = engineExports ? parseVersion(facts.engineVersion) : undefined;
    const blocker = ghaCache && facts.cacheService
        ? ghaCacheBlocker(facts.cacheService, buildx, buildkit, engine)
        : undefined;
    if (blocker) {
        warnings.push(`${blocker}: building without the GitHub Actions cache. Update buildx (docker/setup-buildx-action installs the latest).`);
        ghaCache = false;
    }
    const cannotExport = facts.driver === 'docker' && !engineExports;
    if (ghaCache && engineExports) {
        notices.push('The engine keeps images in the containerd image store, so its docker driver exports the GitHub Actions cache itself.');
    }
    if (ghaCache && cannotExport && facts.userBuilder) {
        notices.push(`Builder "${facts.userBuilder}" uses the docker driver, which cannot export cache: building without the GitHub Actions cache.`);
        ghaCache = false;
    }
    const createOwnBuilder = ghaCache && cannotExport;
    if (createOwnBuilder) {
        notices.push(`The current builder uses the docker driver, which cannot export cache: using a docker-container builder "${OWN_BUILDER}".`);
    }
    const driver = createOwnBuilder ? 'docker-container' : facts.driver;
    // The docker driver on the classic store neither exports a cache nor keeps attestations.
    const beyondClassicStore = createOwnBuilder || !cannotExport;
    return {
        builder: {
            kind: 'buildx',
            name: createOwnBuilder ? OWN_BUILDER : facts.userBuilder,
            driver,
            ghaCache,
            cacheExport: beyondClassicStore,
            pushWithLoad: canPushWithLoad(driver, buildx, createOwnBuilder ? undefined : buildkit),
            annotationFlag: atLeast(buildx, ANNOTATION_FLAG_BUILDX),
            attests: atLeast(buildx, ATTESTS_BUILDX),
            keepsAttestations: beyondClassicStore,
            callFlag: atLeast(buildx, CALL_BUILDX),
            multipleOutputs: atLeast(buildx, MULTI_EXPORT_BUILDX) &&
                (buildkit === undefined || atLeast(buildkit, MULTI_EXPORT_BUILDKIT)),
            defaultProvenance: attachesAttestations(driver, facts.buildkitVersion),
            dockerExport: driver !== 'remote' || atLeast(buildx, REMOTE_DOCKER_EXPORT_BUILDX)
        },
        notices,
        warnings,
        createOwnBuilder
    };
}

;// CONCATENATED MODULE: ./src/buildx/support.ts



// What the builder at hand cannot honour, said before the build, naming the input.
const UPDATE_BUILDX = 'update buildx (docker/setup-buildx-action installs the latest)';
const pushesByDigest = (output) => /(?:^|,)\s*push-by-digest\s*=\s*true\s*(?:,|$)/.test(output);
/** The first input that asks for an attestation (not one that turns it off). */
function attestationInput(options) {
    const enabled = (value) => value !== undefined && !/(?:^|,)\s*(?:disabled=true|false)\s*(?:,|$)/.test(value);
    if (enabled(options.provenance))
        return input_names/* Inputs */.G.provenance;
    if (enabled(options.sbom))
        return input_names/* Inputs */.G.sbom;
    return options.attests.some(enabled) ? input_names/* Inputs */.G.attests : undefined;
}
/** Why an input cannot be honoured by this builder, naming the input; undefined when all can. */
function unsupportedOption(options, builder) {
    if (builder.kind === 'legacy') {
        const needs = (what) => `${what} need BuildKit, which this runner's Docker CLI runs only through buildx; ${INSTALL_BUILDX}`;
        if (options.secrets.length > 0)
            return `${input_names/* Inputs */.G.secrets}: ${needs('build secrets')}`;
        if (options.ssh.length > 0)
            return `${input_names/* Inputs */.G.ssh}: ${needs('SSH mounts')}`;
    }
    if (builder.kind !== 'buildx') {
        const buildxOnly = [
            [input_names/* Inputs */.G.annotations, options.annotations.length > 0],
            [input_names/* Inputs */.G.buildContexts, options.buildContexts.length > 0],
            [input_names/* Inputs */.G.cacheTo, options.cacheTo.length > 0],
            [input_names/* Inputs */.G.provenance, options.provenance !== undefined],
            [input_names/* Inputs */.G.sbom, options.sbom !== undefined],
            [input_names/* Inputs */.G.attests, options.attests.length > 0],
            [input_names/* Inputs */.G.allow, options.allow.length > 0],
            [input_names/* Inputs */.G.cgroupParent, options.cgroupParent !== undefined],
            [input_names/* Inputs */.G.outputs, options.outputs.length > 0],
            [input_names/* Inputs */.G.call, options.call !== undefined],
            [input_names/* Inputs */.G.noCacheFilters, options.noCacheFilters.length > 0],
            [input_names/* Inputs */.G.cacheFrom, options.cacheFrom.some(source => cacheImage(source) === undefined)]
        ];
        const input = buildxOnly.find(([, given]) => given)?.[0];
        if (input)
            return `${input}: needs docker buildx; ${INSTALL_BUILDX}`;
    }
    if (builder.kind === 'buildx' && !builder.attests) {
        const attests = [
            [input_names/* Inputs */.G.attests, options.attests.length > 0],
            [input_names/* Inputs */.G.provenance, options.provenance !== undefined],
            [input_names/* Inputs */.G.sbom, options.sbom !== undefined]
        ];
        const input = attests.find(([, given]) => given)?.[0];
        if (input)
            return `${input}: attestations need buildx ${ATTESTS_BUILDX} or later; ${UPDATE_BUILDX}`;
    }
    if (builder.kind === 'buildx' && !builder.multipleOutputs && options.outputs.length > 1)
        return `${input_names/* Inputs */.G.outputs}: one build writes one output before buildx and BuildKit ${MULTI_EXPORT_BUILDX}; expected one output, or: ${UPDATE_BUILDX}`;
    if (builder.driver === 'docker' && options.outputs.some(pushesByDigest))
        return `${input_names/* Inputs */.G.outputs}: the docker driver cannot push by digest (buildx refuses it); expected a builder with the docker-container, remote or kubernetes driver (docker/setup-buildx-action creates one)`;
    if (builder.kind === 'buildx' && !builder.callFlag && options.call)
        return `${input_names/* Inputs */.G.call}: needs buildx ${CALL_BUILDX} or later; ${UPDATE_BUILDX}`;
    const attestation = attestationInput(options);
    if (builder.kind === 'buildx' && !builder.keepsAttestations && attestation)
        return `${attestation}: the docker driver keeps no attestation on the engine's classic image store; expected a builder with the docker-container, remote or kubernetes driver (docker/setup-buildx-action creates one), the containerd image store, or ${attestation}: false`;
    // The inline cache rides in the image itself: every builder writes it.
    const exportedCaches = options.cacheTo.filter(cache => !/(?:^|,)\s*type=inline\s*(?:,|$)/.test(cache));
    if (builder.kind === 'buildx' && !builder.cacheExport && exportedCaches.length > 0)
        return `${input_names/* Inputs */.G.cacheTo}: the docker driver cannot export a cache on the engine's classic image store; expected a builder with the docker-container, remote or kubernetes driver (docker/setup-buildx-action creates one), or an engine on the containerd image store`;
    return undefined;
}
/**
 * What the builder will leave out, for a warning: annotations on a buildx without
 * --annotation ride only on a pushed image (the registry output's attributes).
 */
function droppedOption(config, builder) {
    if (builder.kind !== 'buildx' || builder.annotationFlag || config.push)
        return undefined;
    if (config.options.annotations.length === 0)
        return undefined;
    return `${input_names/* Inputs */.G.annotations}: this buildx has no --annotation (buildx ${ANNOTATION_FLAG_BUILDX} or later has), so annotations go only on a pushed image, and this build pushes none: they are left out`;
}
/** Why the platforms asked for cannot be built and measured with this builder; undefined when they can. */
function unsupportedPlatforms(config, builder) {
    if (config.platforms.length < 2)
        return undefined;
    const asked = config.platforms.join(', ');
    if (!exportsArchive(builder))
        return `${input_names/* Inputs */.G.platforms}: building ${asked} at once needs a builder that exports (the docker-container, remote or kubernetes driver; docker/setup-buildx-action creates one): the engine holds one platform of an image`;
    if (config.load)
        return `${input_names/* Inputs */.G.load}: an image of ${asked} cannot be loaded into the engine, which holds one platform of an image; expected load: false, or one platform`;
    return undefined;
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/buildx/export-pipe.ts




/** A reader that has not opened the FIFO in this many tries of 50 ms is not coming. */
const RELEASE_TRIES = 200;
/**
 * A FIFO for a builder's export: buildx writes the image archive into it while
 * the measurement reads it, so the archive is never stored.
 */
async function makeExportPipe(file) {
    await (0,promises_.rm)(file, { force: true });
    await makeFifo(file);
}
/**
 * Ends the reader's wait when the build failed before writing: an open for
 * writing that closes at once is an end of file to it. Never blocks: while no
 * reader is there yet (ENXIO), it tries again until the reading has settled, for
 * RELEASE_TRIES at most.
 */
async function releaseExportPipe(file, reading) {
    let settled = false;
    reading.then(() => (settled = true), () => (settled = true));
    for (let tries = 0; !settled && tries < RELEASE_TRIES; tries++) {
        try {
            const handle = await (0,promises_.open)(file, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_NONBLOCK);
            await handle.close();
            return;
        }
        catch (error) {
            if (error.code !== 'ENXIO')
                return;
            await (0,external_node_timers_promises_.setTimeout)(50);
        }
    }
}

;// CONCATENATED MODULE: ./src/buildx/secrets.ts



/**
 * Secrets for `--secret`: a value never goes on a command line (the log echoes it,
 * `ps` shows it). Inline values are written to a folder only this user can read;
 * environment values are read by the builder's client from the variable it
 * inherits (`env=`, as build-push-action passes them); both are masked in the log.
 * Secret files are used where they are.
 */
async function writeSecretFiles(secrets, parent, env) {
    let dir;
    const mounts = [];
    for (const [index, secret] of secrets.entries()) {
        if (secret.from === 'file') {
            mounts.push({ id: secret.id, file: secret.file });
            continue;
        }
        const value = secret.from === 'value' ? secret.value : (env[secret.variable] ?? '');
        if (value)
            log/* log */.Rm.secret(value);
        if (secret.from === 'env') {
            mounts.push({ id: secret.id, env: secret.variable });
            continue;
        }
        dir ??= await privateFolder(parent);
        // Named by position: an id is the user's text and chooses no path.
        const file = external_node_path_.join(dir, `secret-${index}`);
        await (0,promises_.writeFile)(file, value, { mode: 0o600 });
        mounts.push({ id: secret.id, file });
    }
    const written = dir;
    return {
        mounts,
        remove: async () => {
            if (written)
                await (0,promises_.rm)(written, { recursive: true, force: true });
        }
    };
}
async function privateFolder(parent) {
    const dir = await (0,promises_.mkdtemp)(external_node_path_.join(parent, 'secrets-'));
    await (0,promises_.chmod)(dir, 0o700);
    return dir;
}
/** The values of secrets given inline or through the environment: what logs and reports must never show. */
function secretValuesOf(options, env) {
    return options.secrets
        .flatMap(secret => {
        if (secret.from === 'value')
            return [secret.value];
        if (secret.from === 'env')
            return [env[secret.variable] ?? ''];
        return [];
    })
        .filter(value => value !== '');
}

;// CONCATENATED MODULE: ./src/buildx/progress.ts
// BuildKit's `--progress=plain`: `#7 [builder 2/4] RUN …` or `#7 [2/4] RUN …`, a
// Dockerfile step, not an [internal] one, nor FROM, which resolves the base image
// and is never reported as cached.
const STEP_HEADER = /^#(\d+) \[(?:[^\]\s]+ )?\d+\/\d+\] (?!FROM )/;
const STEP_CACHED = /^#(\d+) CACHED\s*$/;
// The legacy builder: `Step 3/6 : RUN …`, then ` ---> Using cache` when it was cached.
const LEGACY_STEP = /^Step \d+\/\d+ : (FROM )?/i;
const LEGACY_CACHED = /^ ---> Using cache\s*$/;
function countBuildKitSteps(lines) {
    const steps = new Set();
    const cached = new Set();
    for (const line of lines) {
        const header = STEP_HEADER.exec(line);
        if (header)
            steps.add(header[1]);
        const hit = STEP_CACHED.exec(line);
        if (hit)
            cached.add(hit[1]);
    }
    return { totalSteps: steps.size, cachedSteps: [...cached].filter(step => steps.has(step)).length };
}
function countLegacySteps(lines) {
    let totalSteps = 0;
    let cachedSteps = 0;
    let inStep = false;
    for (const line of lines) {
        const step = LEGACY_STEP.exec(line);
        if (step) {
            // FROM is never cached; it only names the base.
            inStep = !step[1];
            if (inStep)
                totalSteps++;
        }
        else if (inStep && LEGACY_CACHED.test(line)) {
            cachedSteps++;
            inStep = false;
        }
    }
    return { totalSteps, cachedSteps };
}
function countSteps(lines) {
    const buildKit = countBuildKitSteps(lines);
    return buildKit.totalSteps > 0 ? buildKit : countLegacySteps(lines);
}
/** The lines that explain a failed build: its ERROR lines, else its last lines. */
function failureLines(lines, keep = 15) {
    const errors = lines.filter(line => /\bERROR\b|^error:|failed to solve/i.test(line));
    const tail = lines.filter(line => line.trim() !== '').slice(-keep);
    return errors.length > 0 ? [...new Set([...errors.slice(-keep), ...tail.slice(-5)])] : tail;
}

;// CONCATENATED MODULE: ./src/buildx/run.ts






/** Runs docker, echoing its output into the log while keeping the lines. */
async function runLogged(args, env) {
    const lines = [];
    const result = await (0,command/* runCommand */.d)('docker', args, {
        env,
        echo: true,
        onLine: line => lines.push(line)
    });
    return { exitCode: result.exitCode ?? -1, lines };
}
async function readJson(file) {
    try {
        return JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
    }
    catch {
        return undefined;
    }
}
/** `docker push` for each tag, for the build path without buildx. Returns the pushed digest. */
async function pushTags(plan, env) {
    let digest;
    for (const tag of plan.tags) {
        const pushed = await runLogged(['push', tag], env);
        if (pushed.exitCode !== 0) {
            throw new UserError(`docker push ${tag} failed:\n${failureLines(pushed.lines).join('\n')}`);
        }
        digest ??= pushed.lines
            .map(line => /digest: (sha256:[0-9a-f]{64})/.exec(line)?.[1])
            .find(Boolean);
    }
    return digest;
}
/** The environment that picks the engine's builder when buildx does not run the build. */
function builderEnv(builder) {
    // buildx writes BuildKit's Dockerfile checks into its metadata file (build-push-action's way).
    if (builder.kind === 'buildx')
        return { ...process.env, BUILDX_METADATA_WARNINGS: 'true' };
    return { ...process.env, DOCKER_BUILDKIT: builder.kind === 'docker' ? '1' : '0' };
}
function failed(plan, what, build) {
    throw new UserError(`${what} of target "${plan.target}" failed (exit code ${build.exitCode}):\n${failureLines(build.lines).join('\n')}`);
}
const DELIVERY_TITLES = {
    export: 'Export',
    'export+load': 'Export and load',
    load: 'Load',
    push: 'Push',
    'load+push': 'Load and push',
    outputs: 'Outputs',
    call: 'Call'
};
/**
 * A later build of the plan: its iidfile would name what it delivers (a pushed
 * index), not the measured image; the user's outputs keep buildx's metadata for
 * themselves unless they push (then it carries the digest).
 */
function deliveryPlan(plan, output) {
    const metadataFile = output === 'outputs' && !userOutputsPush(plan.options.outputs)
        ? `${plan.metadataFile}.${output}`
        : plan.metadataFile;
    return { ...plan, noCache: false, iidFile: `${plan.iidFile}.${output}`, metadataFile };
}
/**
 * The buildx builds of one target: the build itself, then, from its cache, what
 * the first could not also deliver (a load, a push) with this builder.
 */
async function buildWithBuildx(plan, builder, env) {
    const [first, ...later] = buildxOutputs(plan, builder);
    const build = await log/* log */.Rm.group(`Build ${plan.target}`, () => runLogged(buildxArgv(plan, builder, first), env));
    if (build.exitCode !== 0)
        return build;
    for (const output of later) {
        const delivery = deliveryPlan(plan, output);
        const title = DELIVERY_TITLES[output];
        const delivered = await log/* log */.Rm.group(`${title} ${plan.target}`, () => runLogged(buildxArgv(delivery, builder, output, false), env));
        if (delivered.exitCode !== 0)
            failed(plan, title, delivered);
    }
    return build;
}
/** Asks buildx the plan's `call` method (check, outline, targets) instead of building. */
async function runCall(plan, builder) {
    const env = builderEnv(builder);
    const title = `${plan.options.call ?? 'call'} ${plan.target}`;
    const answer = await log/* log */.Rm.group(title, () => runLogged(buildxArgv(plan, builder, 'call', false), env));
    return { target: plan.target, ...answer, metadata: await readJson(plan.metadataFile) };
}
/** Builds one target; a failed build fails with the build's own last error lines. */
async function runBuild(plan, builder) {
    const env = builderEnv(builder);
    const started = Date.now();
    const build = builder.kind === 'buildx'
        ? await buildWithBuildx(plan, builder, env)
        : await log/* log */.Rm.group(`Build ${plan.target}`, () => runLogged(dockerBuildArgv(plan, builder), env));
    const durationMs = Date.now() - started;
    if (build.exitCode !== 0)
        failed(plan, 'Build', build);
    const imageId = (await (0,promises_.readFile)(plan.iidFile, 'utf8')).trim();
    const metadata = builder.kind === 'buildx' ? await readJson(plan.metadataFile) : undefined;
    let digest = metadata?.['containerimage.digest'];
    if (plan.push && builder.kind !== 'buildx') {
        digest = await log/* log */.Rm.group(`Push ${plan.target}`, () => pushTags(plan, env));
    }
    return {
        target: plan.target,
        imageId,
        digest: plan.push || userOutputsPush(plan.options.outputs) ? digest : undefined,
        durationMs,
        builder: builder.kind,
        ghaCache: builder.ghaCache,
        metadata,
        ...countSteps(build.lines)
    };
}

;// CONCATENATED MODULE: ./src/image/registry.ts


/** `repo:tag` → `repo@digest` (a port's colon is not a tag). */
function pinnedReference(tag, digest) {
    const slash = tag.lastIndexOf('/');
    const colon = tag.lastIndexOf(':');
    const repository = colon > slash ? tag.slice(0, colon) : tag;
    return `${repository}@${digest}`;
}
/** The manifest of `platform` inside an index, or undefined when the document is a manifest. */
function platformManifest(document, platform) {
    if (!document.manifests)
        return undefined;
    const [os, architecture, variant] = platform.split('/');
    const matches = document.manifests.filter(entry => entry.platform?.os === os && entry.platform?.architecture === architecture);
    const found = matches.find(entry => !variant || entry.platform?.variant === variant) ?? matches[0];
    if (!found)
        throw new Error(`the pushed index has no manifest for ${platform}`);
    return found;
}
function sizesOf(document) {
    if (!document.config || !document.layers)
        throw new Error('the registry answered with no image manifest');
    return {
        configBytes: document.config.size,
        layerBytes: document.layers.map(layer => layer.size),
        layerBlobs: document.layers.map(layer => layer.digest)
    };
}
/**
 * The raw manifest or index. buildx's imagetools reads OCI indexes (what buildx
 * pushes, with attestations) and local plain-HTTP registries; without buildx,
 * `docker manifest inspect` (older clients know no OCI index, but the engine
 * pushes none), on plain HTTP with --insecure.
 */
async function inspect(reference) {
    const attempts = [
        ['buildx', 'imagetools', 'inspect', '--raw', reference],
        ['manifest', 'inspect', reference],
        ['manifest', 'inspect', '--insecure', reference]
    ];
    let error = '';
    for (const args of attempts) {
        const result = await (0,command/* docker */.T)(args);
        if (result.ok)
            return JSON.parse(result.stdout);
        error = result.error;
    }
    throw new Error(error);
}
/** Reads the pushed image's real blob sizes from the registry. */
async function readRegistrySizes(tag, digest, platform) {
    const reference = pinnedReference(tag, digest);
    const document = await inspect(reference);
    const entry = platformManifest(document, platform);
    return sizesOf(entry ? await inspect(pinnedReference(tag, entry.digest)) : document);
}
/** The measurement with the registry's compressed sizes in place of the gzip estimate. */
function withRegistrySizes(measured, sizes) {
    if (sizes.layerBytes.length !== measured.layers.length) {
        throw new Error(`the registry lists ${sizes.layerBytes.length} layers, the image has ${measured.layers.length}`);
    }
    const layers = measured.layers.map((layer, index) => ({
        ...layer,
        compressedBytes: sizes.layerBytes[index],
        blob: sizes.layerBlobs[index]
    }));
    return {
        ...measured,
        layers,
        compressedBytes: pullBytes(layers, sizes.configBytes),
        compressedSource: 'registry'
    };
}

;// CONCATENATED MODULE: ./src/measure/build.ts




















function hostPlatform() {
    const arches = {
        x64: 'amd64',
        arm64: 'arm64',
        arm: 'arm',
        ppc64: 'ppc64le',
        s390x: 's390x'
    };
    return `linux/${arches[process.arch] ?? process.arch}`;
}
/** The Dockerfile path as reports and messages show it: relative to the workspace. */
function dockerfileLabel(config, workspace) {
    return external_node_path_.relative(workspace, config.file) || config.file;
}
/**
 * Resolves targets and build args, masking secret values and warning about what
 * docker would accept silently. `quiet` skips the warnings (a base build repeats them).
 */
async function resolveBuild(config, label, quiet = false) {
    const host = hostPlatform();
    const model = parseDockerfile(await (0,promises_.readFile)(config.file, 'utf8'), {
        buildArgs: new Map(config.buildArgs.map(arg => [arg.name, arg.value])),
        predefined: platformArgs(host, config.platforms[0] ?? host)
    });
    const resolution = resolveTargets(model, config.targets, label);
    const args = checkBuildArgs(model, config.buildArgs, label);
    for (const secret of secretValues(config.buildArgs))
        log/* log */.Rm.secret(secret);
    if (!quiet)
        for (const warning of [...resolution.warnings, ...args.warnings])
            log/* log */.Rm.warning(warning);
    // A bake target builds one stage, and its name is what the user calls it.
    const { bakeTarget } = config;
    return bakeTarget
        ? resolution.targets.map(target => ({ ...target, name: bakeTarget }))
        : resolution.targets;
}
/** An image's real compressed sizes from its registry; the estimate stays when the registry cannot tell. */
async function registrySizes(reference, digest, estimate) {
    try {
        return withRegistrySizes(estimate, await readRegistrySizes(reference, digest, estimate.platform));
    }
    catch (error) {
        log/* log */.Rm.warning(`Could not read the manifest of ${reference} from its registry, so compressed sizes are estimated: ${error.message}`);
        return estimate;
    }
}
/** The platforms a build's reports are for: those asked, else the runner's. */
function platformsOf(config) {
    return config.platforms.length > 0 ? config.platforms : [hostPlatform()];
}
/**
 * What names a target's image across runs: the user's `id`, else the Dockerfile,
 * context, target as asked (none asked is the last stage, whatever its name),
 * platform and build args.
 */
function identityOf(config, target, workspace, platform) {
    const relative = (file) => external_node_path_.relative(workspace, file) || '.';
    const id = idPart(config.id, config.targets.length > 1, target.name);
    return imageIdentity({
        id: idPart(id, config.platforms.length > 1, platform),
        dockerfile: relative(config.file),
        context: relative(config.context),
        target: config.targets.length > 0 ? target.name : undefined,
        platform,
        buildArgs: redactBuildArgs(config.buildArgs)
    });
}
/** The images a target's build makes, one per platform; named by platform when there are several. */
function platformImages(config, target, workspace) {
    const platforms = platformsOf(config);
    return platforms.map(platform => ({
        name: platforms.length > 1 ? `${target.name} (${platform})` : target.name,
        platform,
        identity: identityOf(config, target, workspace, platform)
    }));
}
/** The Dockerfile a target was built from, and whether a .dockerignore filtered its context. */
function builtFrom(file, context, target) {
    const ignores = [external_node_path_.join(context, '.dockerignore'), `${file}.dockerignore`];
    return { file, target, hasDockerignore: ignores.some(ignore => (0,external_node_fs_.existsSync)(ignore)) };
}
/** The report of one platform's image of a build. */
async function platformReport(plan, target, build, image, estimate, context) {
    const measured = build.digest
        ? await registrySizes(plan.tags[0], build.digest, estimate)
        : estimate;
    const own = { ...build, target: image.name, imageId: measured.imageId || build.imageId };
    log/* log */.Rm.info(`${image.name}: ${measured.compressedBytes} bytes compressed, ${measured.uncompressedBytes} uncompressed`);
    const dockerfile = builtFrom(plan.file, plan.context, target);
    return measuredReport({ identity: image.identity, build: own, measured, dockerfile }, context);
}
/** Builds into the engine (docker driver, or no buildx) and measures the image there. */
async function buildAndMeasure(plan, target, [image], run) {
    const build = await runBuild(plan, run.builder);
    const estimate = await log/* log */.Rm.group(`Measure ${plan.target}`, () => run.measurer.measure(build.imageId, target.chain));
    return [await platformReport(plan, target, build, image, estimate, run.context)];
}
/**
 * The build, while `measuring` reads its export. When the build fails, its error is
 * the one to tell: the measurement fails too, for want of an archive, and may fail
 * first, before anyone awaits it, which must not end the process with its stack.
 */
async function buildWhileMeasuring(build, measuring, release) {
    measuring.catch(() => undefined);
    return build().catch(async (error) => {
        await release();
        await measuring.catch(() => undefined);
        throw error;
    });
}
/**
 * Builds with a builder that exports and measures its archive as it is written,
 * one image per platform: the blobs are the registry's own, and nothing passes
 * through the engine unless the image is wanted there.
 */
async function buildAndMeasureExport(plan, target, images, run) {
    await makeExportPipe(plan.exportFile);
    const load = exportLoads(plan, run.builder);
    const measuring = run.measurer.measureExport(plan.exportFile, target.chain, load);
    try {
        const build = await buildWhileMeasuring(() => runBuild(plan, run.builder), measuring, () => releaseExportPipe(plan.exportFile, measuring));
        const estimates = await log/* log */.Rm.group(`Measure ${plan.target}`, () => measuring);
        const measured = [];
        for (const estimate of estimates) {
            const image = images.find(candidate => candidate.platform === estimate.platform);
            if (!image)
                throw new UserError(`The build of ${plan.target} exported an image for ${estimate.platform}, which was not asked for`);
            measured.push(await platformReport(plan, target, build, image, estimate, run.context));
        }
        return measured;
    }
    finally {
        await (0,promises_.rm)(plan.exportFile, { force: true });
    }
}
/** One build makes every platform's image: its cache scope is named by all of them. */
function buildIdentity(config, target, workspace) {
    return identityOf(config, target, workspace, platformsOf(config).join(','));
}
/**
 * A build beside the head's (the base commit, a fix of the Dockerfile): it tags,
 * pushes and loads nothing, and reads the gha cache without writing it, so the
 * head's cache index stays the head's; an image it left in the engine is removed
 * once measured.
 */
async function buildAside(run) {
    const config = { ...run.config, tags: [], push: false, load: false };
    return withoutNewImages(() => buildTargets({ ...run, config, exportCache: false }));
}
/** Builds, then removes the unnamed images those builds left in the engine (removeNewImages). */
async function withoutNewImages(build) {
    const before = await engineImageIds();
    const measured = await build();
    if (before)
        await removeNewImages(measured.map(target => target.build.imageId), before);
    return measured;
}
/**
 * The builds of a run's targets, planned, with the secrets they mount written for
 * them while `work` runs; what the builder cannot honour is refused first.
 */
async function withPlans(run, work) {
    const refusal = unsupportedOption(run.config.options, run.builder) ??
        unsupportedPlatforms(run.config, run.builder);
    if (refusal)
        throw new UserError(refusal);
    const dropped = droppedOption(run.config, run.builder);
    if (dropped)
        log/* log */.Rm.warning(dropped);
    await (0,promises_.mkdir)(run.workDir, { recursive: true });
    const secretFiles = await writeSecretFiles(run.config.options.secrets, run.workDir, process.env);
    try {
        const scopes = run.targets.map(target => buildIdentity(run.config, target, run.workspace));
        return await work(planBuilds(run.config, run.targets, scopes, run.workDir, run.exportCache, secretFiles.mounts));
    }
    finally {
        await secretFiles.remove();
    }
}
/** Builds and measures each target in turn. */
function buildTargets(run) {
    return withPlans(run, plans => buildAndMeasureAll(run, plans));
}
async function buildAndMeasureAll(run, plans) {
    const images = run.targets.map(target => platformImages(run.config, target, run.workspace));
    const context = {
        commit: run.commit,
        ref: run.ref,
        dockerfile: dockerfileLabel(run.config, run.workspace),
        buildArgs: redactBuildArgs(run.config.buildArgs),
        builtWith: images.flat().map(image => ({ target: image.name, identity: image.identity })),
        secrets: [
            ...secretValues(run.config.buildArgs),
            ...secretValuesOf(run.config.options, process.env)
        ],
        now: new Date()
    };
    const measureBuild = exportsArchive(run.builder) ? buildAndMeasureExport : buildAndMeasure;
    // Started now, the measuring thread is ready when the first build is done. A build
    // whose fixes are proven keeps what its image holds, to compare theirs with.
    return withMeasurer(async (measurer) => {
        const measured = [];
        for (const [index, plan] of plans.entries()) {
            const common = { builder: run.builder, measurer, context };
            measured.push(...(await measureBuild(plan, run.targets[index], images[index], common)));
        }
        return measured;
    }, { contents: run.config.verifyFixes });
}

;// CONCATENATED MODULE: ./src/measure/engine-image.ts












/** `registry/name:tag` or `name@sha256:…` → `registry/name` (a port's colon is no tag). */
function repositoryOf(reference) {
    const at = reference.indexOf('@');
    const name = at === -1 ? reference : reference.slice(0, at);
    const slash = name.lastIndexOf('/');
    const colon = name.lastIndexOf(':');
    return colon > slash ? name.slice(0, colon) : name;
}
/** The digest of `reference`'s repository among the engine's RepoDigests (`repo@sha256:…`). */
function digestIn(reference, repoDigests) {
    const pinned = /@(sha256:[0-9a-f]{64})$/.exec(reference)?.[1];
    if (pinned)
        return pinned;
    const repository = repositoryOf(reference);
    // Docker Hub's names come back in their short form: library/node is node.
    const short = repository.replace(/^(docker\.io\/)?(library\/)?/, '');
    const found = repoDigests.find(entry => {
        const named = repositoryOf(entry);
        return named === repository || named === short;
    });
    return found?.slice(found.indexOf('@') + 1);
}
async function engine_image_inspect(reference) {
    const format = '{{json .Id}} {{json .RepoDigests}}';
    const result = await (0,command/* docker */.T)(['image', 'inspect', '--format', format, reference]);
    if (!result.ok)
        return undefined;
    const [id, digests] = result.stdout.trim().split(' ');
    return {
        id: JSON.parse(id),
        repoDigests: JSON.parse(digests) ?? []
    };
}
/**
 * The engine's image of `reference`; one the engine lacks is pulled, with the
 * runner's docker login as `docker pull` uses it (layers the engine has stay).
 */
async function localImage(reference, input, platform) {
    let inspected = await engine_image_inspect(reference);
    if (!inspected) {
        const which = platform ? ['--platform', platform] : [];
        const pulled = await log/* log */.Rm.group(`Pull ${reference}`, () => (0,command/* docker */.T)(['pull', ...which, reference], { echo: true }));
        inspected = pulled.ok ? await engine_image_inspect(reference) : undefined;
    }
    if (!inspected) {
        throw new UserError(`${input}: ${JSON.stringify(reference)} is no image of this runner's engine, and docker pull could not fetch it (its output is in the log above); expected a local image, or a registry reference the runner can pull (docker/login-action for private registries)`);
    }
    return { reference, imageId: inspected.id, digest: digestIn(reference, inspected.repoDigests) };
}
/** The stages that made the image, from the Dockerfile that built it, for layer lines and hints. */
async function dockerfileTarget(file, label, platform = hostPlatform()) {
    const model = parseDockerfile(await (0,promises_.readFile)(file, 'utf8'), {
        buildArgs: new Map(),
        predefined: platformArgs(hostPlatform(), platform)
    });
    const [target] = resolveTargets(model, [], label).targets;
    return target;
}
/** An image measured as it is, with no build: its report, hints from its Dockerfile if known. */
function prebuiltReport(image, measured, dockerfile, context) {
    const build = {
        target: image.target,
        imageId: image.imageId,
        digest: image.digest,
        durationMs: 0,
        builder: 'prebuilt',
        ghaCache: false,
        cachedSteps: 0,
        totalSteps: 0
    };
    // The Dockerfile's folder stands for the build context.
    const source = dockerfile && builtFrom(dockerfile.file, external_node_path_.dirname(dockerfile.file), dockerfile.target);
    return measuredReport({ identity: image.identity, build, measured, dockerfile: source }, context);
}
/** Measures an image another step built: as a build's image, with no build to report. */
async function measurePrebuilt(source, measurer, context) {
    const { image, dockerfile } = source;
    const chain = dockerfile?.target.chain ?? [];
    const estimate = await log/* log */.Rm.group(`Measure ${image.reference}`, () => measurer.measure(image.imageId, chain));
    const measured = image.digest
        ? await registrySizes(image.reference, image.digest, estimate)
        : estimate;
    log/* log */.Rm.info(`${image.reference}: ${measured.compressedBytes} bytes compressed, ${measured.uncompressedBytes} uncompressed`);
    const named = { ...source, imageId: image.imageId, digest: image.digest };
    return prebuiltReport(named, measured, dockerfile, context);
}
/** A name for each image in reports and comments: its repository's last part, or all of it when two share one. */
function imageNames(references) {
    const repositories = references.map(repositoryOf);
    const short = repositories.map(repository => repository.slice(repository.lastIndexOf('/') + 1));
    return short.map((name, index) => short.indexOf(name) === short.lastIndexOf(name) ? name : repositories[index]);
}
/**
 * Measures the images of input `image`. Each is named across runs by its
 * repository (or the user's `id`), so `app:pr-5` meets the baseline `app:main` recorded.
 */
async function measureImages(config, dockerfile, run) {
    const images = [];
    for (const reference of config.images)
        images.push(await localImage(reference, input_names/* Inputs */.G.image));
    const names = imageNames(config.images);
    const several = config.images.length > 1;
    const sources = images.map((image, index) => ({
        image,
        target: names[index],
        identity: imageIdentity({
            id: idPart(config.id, several, names[index]) ?? repositoryOf(image.reference),
            dockerfile: run.dockerfileLabel,
            context: '.',
            platform: hostPlatform(),
            buildArgs: {}
        }),
        dockerfile
    }));
    const context = reportContext({
        commit: run.commit,
        ref: run.ref,
        dockerfile: run.dockerfileLabel,
        builtWith: sources.map(source => ({ target: source.target, identity: source.identity }))
    });
    return withMeasurer(async (measurer) => {
        const measured = [];
        for (const source of sources)
            measured.push(await measurePrebuilt(source, measurer, context));
        return measured;
    });
}

;// CONCATENATED MODULE: ./src/baseline/store.ts





/** The cache client, loaded only when a baseline is read or saved: it is most of the action's code. */
const actionsCache = () => __webpack_require__.e(/* import() */ 691).then(__webpack_require__.bind(__webpack_require__, 1691));
/**
 * The one relative path reports pass through: @actions/cache versions an entry by
 * its exact paths, so save and restore must name the same one.
 */
const BASELINE_PATH = '.sizegate-baseline/report.json';
const KEY_PREFIX = 'sizegate-report-v2';
/**
 * `sizegate-report-v2-<family>-<branch>-`: every report of one image family on one
 * branch. The branch is hashed: no branch name is the prefix of another's key, and
 * any character may stand in it.
 */
function branchPrefix(identity, branch) {
    const branchHash = (0,external_node_crypto_.createHash)('sha256').update(branch).digest('hex').slice(0, 12);
    return `${KEY_PREFIX}-${identity.family}-${branchHash}-`;
}
/** The prefix that finds the newest report of this exact image on a branch. */
function identityPrefix(identity, branch) {
    return `${branchPrefix(identity, branch)}${identity.key}-`;
}
function reportKey(identity, branch, sha) {
    return `${identityPrefix(identity, branch)}${sha}`;
}
async function withBaselineFile(location, use) {
    const file = external_node_path_.join(location.workspace, BASELINE_PATH);
    await (0,promises_.mkdir)(external_node_path_.dirname(file), { recursive: true });
    try {
        return await use(file);
    }
    finally {
        await (0,promises_.rm)(external_node_path_.dirname(file), { recursive: true, force: true });
    }
}
/**
 * How long one cache call may take. @actions/cache retries a service that does not
 * answer for many minutes; a report is a few kilobytes, so a service that cannot
 * take or give one in this time is down, and the step goes on without it.
 */
const CACHE_CALL_TIMEOUT_MS = 30_000;
/** The call's result, or an error once it has taken longer than CACHE_CALL_TIMEOUT_MS. */
async function bounded(call) {
    let timer;
    const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the cache service did not answer within ${CACHE_CALL_TIMEOUT_MS / 1000} s`)), CACHE_CALL_TIMEOUT_MS);
    });
    try {
        return await Promise.race([call, late]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** Saves a branch's report; a cache that refuses is a warning, never a failure. */
async function saveBaseline(location, report, branch, sha) {
    if (!report.identity)
        return false;
    const key = reportKey(report.identity, branch, sha);
    return withBaselineFile(location, async (file) => {
        await (0,promises_.writeFile)(file, JSON.stringify(report));
        try {
            const cache = await actionsCache();
            const id = await bounded(cache.saveCache([BASELINE_PATH], key));
            if (id === -1)
                log/* log */.Rm.warning(`The report of ${report.target} could not be saved to the cache (key ${key}).`);
            else
                log/* log */.Rm.info(`Saved the report of ${report.target} as the baseline of ${branch} (key ${key}).`);
            return id !== -1;
        }
        catch (error) {
            log/* log */.Rm.warning(`The report of ${report.target} could not be saved to the cache: ${error.message}`);
            return false;
        }
    });
}
function matchOf(key, identity, branch, sha) {
    if (sha && key === reportKey(identity, branch, sha))
        return 'exact';
    return key.startsWith(identityPrefix(identity, branch)) ? 'other-commit' : 'other-build-args';
}
/**
 * The base branch's report of this image: of `sha` when there is one, else the
 * branch's newest of the same image, else the newest of the same image built with
 * other build args.
 */
async function restoreBaseline(location, identity, branch, sha, target) {
    const exact = identityPrefix(identity, branch);
    const fallbacks = [exact, branchPrefix(identity, branch)];
    return withBaselineFile(location, async (file) => {
        let key;
        try {
            const cache = await actionsCache();
            key = await bounded(cache.restoreCache([BASELINE_PATH], sha ? `${exact}${sha}` : fallbacks[0], sha ? fallbacks : fallbacks.slice(1)));
        }
        catch (error) {
            log/* log */.Rm.warning(`The cache could not be read for the baseline of ${target}: ${error.message}`);
            return undefined;
        }
        if (!key)
            return undefined;
        const parsed = parseReport(await (0,promises_.readFile)(file, 'utf8'));
        if (parsed.ok)
            return { report: parsed.value, key, match: matchOf(key, identity, branch, sha) };
        log/* log */.Rm.warning(`The cached report ${key} ${parsed.problem}; it is treated as missing.`);
        return undefined;
    });
}

;// CONCATENATED MODULE: ./src/baseline/index.ts





async function cacheAvailable() {
    if ((await actionsCache()).isFeatureAvailable())
        return true;
    log/* log */.Rm.warning('The GitHub Actions cache service is not available to this step (ACTIONS_RESULTS_URL is not set): no baseline is read or saved.');
    return false;
}
const noBaselines = () => ({
    byIdentity: new Map(),
    removed: [],
    newImages: new Set()
});
async function fromCache(lookup) {
    const found = new Map();
    if (!(await cacheAvailable()))
        return found;
    const { baseRef, baseSha } = lookup.pullRequest;
    for (const head of lookup.heads) {
        if (!head.identity)
            continue;
        const hit = await restoreBaseline({ workspace: lookup.workspace }, head.identity, baseRef, baseSha, head.target);
        if (!hit)
            continue;
        found.set(identityKey(head), {
            baseline: {
                source: 'cache',
                ref: baseRef,
                sha: hit.report.commit ?? hit.key.slice(hit.key.lastIndexOf('-') + 1),
                createdAt: hit.report.createdAt,
                expectedSha: baseSha,
                untracked: [],
                report: hit.report
            },
            match: hit.match
        });
    }
    return found;
}
/** The base build's report of each image; undefined when the base could not be built. */
async function fromBuild(lookup, buildBase) {
    const { baseRef, baseSha } = lookup.pullRequest;
    try {
        const { reports, untracked } = await log/* log */.Rm.group(`Build the baseline: ${baseRef} at ${baseSha.slice(0, 7)}`, buildBase);
        return new Map(reports.map(report => [
            identityKey(report),
            {
                source: 'build',
                ref: baseRef,
                sha: baseSha,
                createdAt: report.createdAt,
                expectedSha: baseSha,
                untracked,
                report
            }
        ]));
    }
    catch (error) {
        log/* log */.Rm.warning(`The base commit could not be built for a baseline: ${error.message}`);
        return undefined;
    }
}
/** The head images a successful base build did not make: new in this pull request. */
function newImagesOf(heads, found) {
    return new Set(heads.map(identityKey).filter(key => !found.has(key)));
}
function baselinesOf(hits) {
    return new Map([...hits].map(([key, hit]) => [key, hit.baseline]));
}
/**
 * The base's reports of images that the step which built a found baseline built
 * too and this run does not: a target dropped from `targets` is said, not lost.
 */
async function removedImages(lookup, cached) {
    const built = new Set(lookup.heads.map(identityKey));
    const missing = new Map();
    for (const { baseline, match } of cached.values()) {
        // Another leg's siblings are not this step's.
        if (match === 'other-build-args')
            continue;
        for (const sibling of baseline.report.builtWith)
            if (!built.has(sibling.identity.key))
                missing.set(sibling.identity.key, { ...sibling, sha: baseline.sha });
    }
    const removed = [];
    for (const { target, identity, sha } of missing.values()) {
        const location = { workspace: lookup.workspace };
        const hit = await restoreBaseline(location, identity, lookup.pullRequest.baseRef, sha, target);
        if (hit && hit.match !== 'other-build-args')
            removed.push(hit.report);
    }
    return removed;
}
/**
 * The base's report of each image, keyed by identity: from the cache, a build of
 * the base commit, or both (`auto`: the exact base commit is built when the cache
 * has only other commits' or other build args' reports; those stay where it fails).
 */
async function findBaselines(lookup) {
    const { buildBase } = lookup;
    if (lookup.mode === 'none')
        return noBaselines();
    if (lookup.mode === 'build' && buildBase) {
        const built = await fromBuild(lookup, buildBase);
        if (!built)
            return noBaselines();
        return { byIdentity: built, removed: [], newImages: newImagesOf(lookup.heads, built) };
    }
    const cached = await fromCache(lookup);
    const removed = await removedImages(lookup, cached);
    const inexact = lookup.heads.some(head => cached.get(identityKey(head))?.match !== 'exact');
    if (lookup.mode === 'cache' || !buildBase || !inexact)
        return { byIdentity: baselinesOf(cached), removed, newImages: new Set() };
    log/* log */.Rm.info('The cache has no report of the exact base commit for every image: building it.');
    const built = await fromBuild(lookup, buildBase);
    const kept = [...cached].filter(([key, hit]) => hit.match === 'exact' || !built?.has(key));
    const byIdentity = new Map([...(built ?? []), ...baselinesOf(new Map(kept))]);
    return {
        byIdentity,
        removed,
        newImages: built ? newImagesOf(lookup.heads, byIdentity) : new Set()
    };
}
/** The base branch's reports from the cache alone: what mode comment trusts over an artifact's. */
function cachedBaselines(heads, pullRequest, workspace) {
    return findBaselines({
        mode: 'cache',
        heads,
        pullRequest,
        workspace
    });
}
/** The branch's newest report of the same image (same build args), for its trend. */
async function previousReport(report, branch, workspace) {
    if (!report.identity)
        return undefined;
    const hit = await restoreBaseline({ workspace }, report.identity, branch, null, report.target);
    return hit && hit.match !== 'other-build-args' ? hit.report : undefined;
}
/**
 * On a push, the reports become the branch's baseline, each carrying the sizes of
 * the branch's reports before it. Answers the reports as recorded.
 */
async function recordBaselines(reports, branch, sha, workspace) {
    if (!(await cacheAvailable()))
        return reports;
    const recorded = [];
    for (const report of reports) {
        const previous = await previousReport(report, branch, workspace);
        const withTrend = { ...report, trend: carriedTrend(previous, sha) };
        // Only the report itself: a PR's comparison does not belong in the branch's baseline.
        await saveBaseline({ workspace }, ImageReportSchema.parse(withTrend), branch, sha);
        recorded.push(withTrend);
    }
    return recorded;
}

;// CONCATENATED MODULE: ./src/baseline/image.ts






/**
 * The base numbers from images in a registry (the team's `:main`), one per head
 * image in order (a platform of a multi-platform build: that platform's image): pulled as `docker pull` does (only the layers the engine lacks)
 * and measured as the head is, so sizes, layers and files compare like with like.
 * No cache entry is needed.
 */
async function imageBaselines(heads, references, now) {
    const baselines = noBaselines();
    return withMeasurer(async (measurer) => {
        for (const [index, { report: head, dockerfile }] of heads.entries()) {
            if (!head.identity)
                continue;
            const reference = references[index];
            const image = await localImage(reference, input_names/* Inputs */.G.baselineImage, head.platform);
            const { report } = await measurePrebuilt({ image, target: head.target, identity: head.identity, dockerfile }, measurer, 
            // Named by the user as this image's base: its build args are taken to be the head's.
            reportContext({
                ref: reference,
                dockerfile: head.dockerfile,
                buildArgs: head.buildArgs,
                now
            }));
            baselines.byIdentity.set(identityKey(head), {
                source: 'image',
                ref: reference,
                sha: image.digest ?? image.imageId,
                createdAt: now.toISOString(),
                expectedSha: null,
                untracked: [],
                report
            });
        }
        return baselines;
    });
}

;// CONCATENATED MODULE: ./src/baseline/heads.ts









/** The base numbers of a pull request: images named by baseline-image, else the cache or a base build. */
function baselinesFor(heads, pullRequest, checkout) {
    if (heads.baseline === 'none')
        return Promise.resolve(noBaselines());
    if (heads.baselineImages.length > 0)
        return imageBaselines(heads.measured, heads.baselineImages, new Date());
    const { buildBase } = heads;
    return findBaselines({
        mode: heads.baseline,
        heads: heads.measured.map(target => target.report),
        pullRequest,
        workspace: checkout.workspace,
        buildBase: buildBase && (() => buildBase(pullRequest, checkout.repository))
    });
}
/**
 * A pull request with its base commit as the checkout holding the Dockerfile has
 * it (actions/checkout's `path:`, else the workspace), and each head's baseline.
 */
async function pullRequestBase(heads, claimed, sha, workspace) {
    const found = heads.dockerfile && (await repositoryRoot(external_node_path_.dirname(heads.dockerfile)));
    const repository = found || workspace;
    const pullRequest = { ...claimed, baseSha: await baseCommitOf(repository, sha, claimed.baseSha) };
    return {
        pullRequest,
        baselines: await baselinesFor(heads, pullRequest, { repository, workspace })
    };
}
/** The head against the base branch's history, where max-growth asks for it. */
function creepAgainst(baseline, head, days) {
    if (!baseline || days === undefined)
        return null;
    const estimate = onCommonMeasure(baseline.report, head).measure === 'gzip-estimate';
    return creepOf(baseline.report, head, days, estimate);
}
/**
 * Finds each head's base on a pull request, records the heads on a push; with
 * `growthDays` (max-growth's window), each head against the base's history too.
 */
async function withBaselines(heads, context, workspace, growthDays) {
    const measured = heads.measured.map(target => target.report);
    const { pullRequest, baselines } = context.pullRequest
        ? await pullRequestBase(heads, context.pullRequest, context.sha, workspace)
        : { pullRequest: null, baselines: noBaselines() };
    const reports = context.eventName === 'push' && context.branch && heads.baseline !== 'none'
        ? await recordBaselines(measured, context.branch, context.sha, workspace)
        : measured;
    const files = reports.map((report, index) => {
        const baseline = baselines.byIdentity.get(identityKey(report)) ?? null;
        return {
            ...report,
            job: context.job,
            pullRequest,
            baseline,
            // The images no longer built travel once, with the first report.
            removed: index === 0 ? baselines.removed : [],
            newInPullRequest: baselines.newImages.has(identityKey(report)),
            update: baseline && updateSize(baseline.report, report),
            creep: creepAgainst(baseline, report, growthDays)
        };
    });
    return { files, pullRequest };
}

;// CONCATENATED MODULE: ./src/action/annotations.ts


/** Each hint as a notice on its Dockerfile line, where a pull request's diff shows it. */
function annotateHints(report) {
    for (const hint of report.hints) {
        core/* notice */.lm(hint.message, {
            title: `sizegate hint for ${report.target}`,
            file: report.dockerfile,
            ...(hint.line ? { startLine: hint.line } : {})
        });
    }
}
/**
 * Each BuildKit check as a warning on its Dockerfile line, as build-push-action
 * shows them; DOCKER_BUILD_CHECKS_ANNOTATIONS=false turns them off there and here.
 */
function annotateBuildChecks(checks, dockerfile, env) {
    if (goBoolean(env.DOCKER_BUILD_CHECKS_ANNOTATIONS ?? 'true') === false)
        return;
    for (const check of checks) {
        const more = check.url ? `\nMore info: ${check.url}` : '';
        core/* warning */.$e(`${check.rule}: ${check.message}${more}`, {
            title: check.description || check.rule,
            file: dockerfile,
            ...(check.line ? { startLine: check.line } : {})
        });
    }
}

;// CONCATENATED MODULE: ./src/buildx/bake.ts




/** The bake files' targets as buildx resolves them (variables, inheritance, groups): no HCL parser of ours. */
async function printBake(files, targets, cwd) {
    const args = ['buildx', 'bake', '--print', ...files.flatMap(file => ['--file', file]), ...targets];
    const result = await (0,command/* docker */.T)(args, { cwd });
    if (!result.ok) {
        throw new UserError(`${input_names/* Inputs */.G.bake}: docker buildx bake --print failed (bake needs docker buildx): ${result.error}`);
    }
    return JSON.parse(result.stdout);
}
/** Target names in the order the groups list them (nested groups unfolded), each once. */
function bakeTargetNames(definition, asked) {
    const groups = definition.group ?? {};
    const targets = definition.target ?? {};
    const names = [];
    const unfold = (name, seen) => {
        if (seen.has(name))
            return;
        seen.add(name);
        if (name in targets) {
            if (!names.includes(name))
                names.push(name);
            return;
        }
        for (const member of groups[name]?.targets ?? [])
            unfold(member, seen);
    };
    for (const name of asked.length > 0 ? asked : ['default'])
        unfold(name, new Set());
    // A file without a default group: buildx printed what it builds.
    return names.length > 0 ? names : Object.keys(targets);
}
/** `id=x,src=file` / `id=x,env=NAME` (buildx's secret syntax) → a secret sizegate passes on. */
function bakeSecret(spec, context) {
    const fields = new Map(spec.split(',').map(field => {
        const eq = field.indexOf('=');
        return [field.slice(0, eq).trim(), field.slice(eq + 1).trim()];
    }));
    const id = fields.get('id') ?? '';
    const env = fields.get('env');
    if (env)
        return { id, from: 'env', variable: env };
    const file = fields.get('src') ?? fields.get('source');
    if (!id || !file)
        throw new UserError(`${input_names/* Inputs */.G.bake}: secret ${JSON.stringify(`id=${id}`)} has no src or env; expected id=ID,src=FILE or id=ID,env=VARIABLE`);
    return { id, from: 'file', file: external_node_path_.resolve(context, file) };
}
const keyValueEntries = (record) => Object.entries(record ?? {})
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key}=${value}`);
/** Named contexts, local folders made absolute: bake reads them from where it runs, the build from elsewhere. */
function namedContexts(contexts, cwd) {
    return Object.entries(contexts ?? {}).map(([name, source]) => {
        const local = !/^[a-z-]+:/.test(source) && !source.includes('://');
        return `${name}=${local ? external_node_path_.resolve(cwd, source) : source}`;
    });
}
/**
 * A bake target as a sizegate build: the shared inputs of the step, with the
 * target's own context, Dockerfile, stage, args, tags and build options.
 */
function bakeBuildConfig(name, target, shared, cwd) {
    if (target['dockerfile-inline'] !== undefined)
        throw new UserError(`${input_names/* Inputs */.G.bake}: target ${JSON.stringify(name)} has an inline Dockerfile; sizegate reads the Dockerfile's lines, so expected dockerfile = "path"`);
    const context = external_node_path_.resolve(cwd, target.context ?? '.');
    const own = {
        ...shared.options,
        secrets: [
            ...shared.options.secrets,
            ...(target.secret ?? []).map(spec => bakeSecret(spec, cwd))
        ],
        ssh: [...shared.options.ssh, ...(target.ssh ?? [])],
        labels: [...shared.options.labels, ...keyValueEntries(target.labels)],
        annotations: [...shared.options.annotations, ...(target.annotations ?? [])],
        buildContexts: [...shared.options.buildContexts, ...namedContexts(target.contexts, cwd)],
        cacheFrom: [...shared.options.cacheFrom, ...(target['cache-from'] ?? [])],
        cacheTo: [...shared.options.cacheTo, ...(target['cache-to'] ?? [])],
        pull: shared.options.pull || target.pull === true,
        shmSize: target['shm-size'] ?? shared.options.shmSize,
        ulimits: [...shared.options.ulimits, ...(target.ulimits ?? [])],
        noCacheFilters: [...shared.options.noCacheFilters, ...(target['no-cache-filter'] ?? [])]
    };
    return {
        ...shared,
        context,
        file: external_node_path_.resolve(context, target.dockerfile ?? 'Dockerfile'),
        targets: target.target ? [target.target] : [],
        buildArgs: Object.entries(target.args ?? {})
            .filter((entry) => entry[1] !== null)
            .map(([argName, value]) => ({ name: argName, value })),
        tags: target.tags ?? [],
        platforms: target.platforms ?? shared.platforms,
        noCache: shared.noCache || target['no-cache'] === true,
        push: shared.push && (target.tags ?? []).length > 0,
        options: own,
        id: shared.id ? `${shared.id}/${name}` : `bake/${name}`,
        bakeTarget: name,
        baselineImages: []
    };
}

;// CONCATENATED MODULE: ./src/baseline/base-tree.ts




/**
 * Where the base's workspace and checkout go inside `tree`, so that the checkout
 * sits in the workspace as the head's does: the workspace itself, a subfolder
 * (actions/checkout `path:`), or a workspace inside the repository.
 */
function baseLayout(workspace, repository, tree) {
    const repositoryInWorkspace = external_node_path_.relative(workspace, repository);
    if (!leavesFolder(repositoryInWorkspace))
        return { workspace: tree, checkout: external_node_path_.join(tree, repositoryInWorkspace) };
    const workspaceInRepository = external_node_path_.relative(repository, workspace);
    if (!leavesFolder(workspaceInRepository))
        return { workspace: external_node_path_.join(tree, workspaceInRepository), checkout: tree };
    return { workspace: tree, checkout: tree };
}
/** The base commit in the local clone, fetched when a shallow checkout lacks it. */
async function ensureCommit(repository, sha) {
    if ((await git(repository, ['cat-file', '-e', `${sha}^{commit}`])).ok)
        return;
    const fetched = await git(repository, ['fetch', '--no-tags', '--depth=1', 'origin', sha]);
    if (!fetched.ok)
        throw new Error(`could not fetch the base commit ${sha}: ${fetched.stderr}`);
}
/** A copy of `source` made of hard links where the file system allows, copies where not. */
async function linkTree(source, target) {
    const entry = await (0,promises_.lstat)(source);
    if (entry.isSymbolicLink())
        return (0,promises_.symlink)(await (0,promises_.readlink)(source), target);
    if (!entry.isDirectory())
        return (0,promises_.link)(source, target).catch(() => (0,promises_.copyFile)(source, target));
    await (0,promises_.mkdir)(target);
    await Promise.all((await (0,promises_.readdir)(source)).map(name => linkTree(external_node_path_.join(source, name), external_node_path_.join(target, name))));
}
/**
 * Writes the base commit's files into a new folder outside the workspace, through
 * an index of its own (the checkout's HEAD and index stay as they are), and gives
 * it the head's `.git` as it is: a `COPY . .` then copies the same `.git` into both
 * images, not a folder into one and a worktree's one-line file into the other.
 */
async function checkOutBase(repository, workspace, sha) {
    await ensureCommit(repository, sha);
    const root = await (0,promises_.mkdtemp)(external_node_path_.join(process.env.RUNNER_TEMP || external_node_os_.tmpdir(), 'sizegate-base-'));
    const layout = baseLayout(workspace, repository, external_node_path_.join(root, 'tree'));
    await (0,promises_.mkdir)(layout.checkout, { recursive: true });
    const index = { GIT_INDEX_FILE: external_node_path_.join(root, 'index') };
    for (const args of [
        ['read-tree', sha],
        ['checkout-index', '--all', '--force', `--prefix=${layout.checkout}${external_node_path_.sep}`]
    ]) {
        const done = await git(repository, args, index);
        if (!done.ok)
            throw new Error(`could not check out the base commit: ${done.stderr}`);
    }
    const dotGit = external_node_path_.join(repository, '.git');
    if (await (0,promises_.lstat)(dotGit).catch(() => undefined))
        await linkTree(dotGit, external_node_path_.join(layout.checkout, '.git'));
    const workDir = external_node_path_.join(root, 'work');
    await (0,promises_.mkdir)(workDir);
    return { ...layout, workDir };
}
/** Removes what checkOutBase made. */
async function removeBase(tree) {
    await (0,promises_.rm)(external_node_path_.dirname(tree.workDir), { recursive: true, force: true });
}

// EXTERNAL MODULE: ./node_modules/@balena/dockerignore/ignore.js
var ignore = __webpack_require__(4158);
var ignore_default = /*#__PURE__*/__webpack_require__.n(ignore);
;// CONCATENATED MODULE: ./src/baseline/untracked.ts




// CommonJS whose types declare an ES default: imported from ESM, the module is the function.
const dockerignore = (ignore_default());
/**
 * Of the untracked entries of a build context (paths relative to it, folders with a
 * trailing slash), those the builder is sent: the ones `.dockerignore` keeps.
 */
function sentToBuilder(entries, dockerignoreText) {
    const rules = dockerignore().add(dockerignoreText.split(/\r?\n/));
    return entries.filter(entry => !rules.ignores(entry.replace(/\/$/, '')));
}
/** The ignore file BuildKit reads: `<Dockerfile>.dockerignore` first, then the context's. */
async function dockerignoreText(context, dockerfile) {
    for (const file of [`${dockerfile}.dockerignore`, external_node_path_.join(context, '.dockerignore')]) {
        const text = await (0,promises_.readFile)(file, 'utf8').catch(() => undefined);
        if (text !== undefined)
            return text;
    }
    return '';
}
/**
 * Files and folders in the head's build context that git does not track (ignored
 * ones included: a `dist/` built by an earlier step) and that the builder is sent.
 * A build of the base commit from git cannot have them.
 */
async function untrackedInputs(repository, context, dockerfile) {
    const inRepository = external_node_path_.relative(repository, context);
    if (leavesFolder(inRepository))
        return [];
    const prefix = inRepository ? `${inRepository.split(external_node_path_.sep).join('/')}/` : '';
    const listed = await git(repository, [
        'ls-files',
        '--others',
        '--directory',
        '-z',
        '--',
        inRepository || '.'
    ]);
    if (!listed.ok)
        return [];
    const entries = listed.stdout
        .split('\0')
        .filter(entry => entry.startsWith(prefix) && entry !== prefix)
        .map(entry => entry.slice(prefix.length));
    return sentToBuilder(entries, await dockerignoreText(context, dockerfile));
}

;// CONCATENATED MODULE: ./src/baseline/base-build.ts






/** Each target the base Dockerfile has; one it lacks is new in this PR. */
async function baseTargets(config, label) {
    if (config.targets.length === 0)
        return resolveBuild(config, label, true);
    const found = [];
    for (const target of config.targets) {
        try {
            found.push(...(await resolveBuild({ ...config, targets: [target] }, label, true)));
        }
        catch {
            log/* log */.Rm.info(`The base has no target ${target}: it is new in this pull request.`);
        }
    }
    return found;
}
/**
 * Builds the base commit from a checkout of its own, laid out as the head's, with
 * the same builder, and measures it. It reads the head's gha cache but writes none:
 * the head's cache index stays the head's.
 */
async function buildBaseline(base) {
    const tree = await checkOutBase(base.repository, base.workspace, base.baseSha);
    try {
        const inTree = (file) => external_node_path_.join(tree.checkout, external_node_path_.relative(base.repository, file));
        const config = {
            ...base.config,
            context: inTree(base.config.context),
            file: inTree(base.config.file),
            // Fixes are the head's: the base's image is only measured.
            verifyFixes: false
        };
        const untracked = await untrackedInputs(base.repository, base.config.context, base.config.file);
        if (!(0,external_node_fs_.existsSync)(config.file)) {
            log/* log */.Rm.info(`The base commit has no ${dockerfileLabel(config, tree.workspace)}: every target is new.`);
            return { reports: [], untracked };
        }
        const targets = await baseTargets(config, dockerfileLabel(config, tree.workspace));
        const measured = await buildAside({
            config,
            targets,
            builder: base.builder,
            workspace: tree.workspace,
            workDir: tree.workDir,
            commit: base.baseSha,
            ref: `refs/heads/${base.baseRef}`
        });
        return { reports: measured.map(target => target.report), untracked };
    }
    finally {
        await removeBase(tree);
    }
}

;// CONCATENATED MODULE: ./src/dockerfile/buildkit-features.ts
// Flags that only BuildKit's Dockerfile frontend knows; the legacy builder fails on them.
const BUILDKIT_FLAGS = {
    RUN: ['mount', 'network', 'security'],
    COPY: ['link', 'chmod', 'parents', 'exclude'],
    ADD: ['link', 'chmod', 'checksum', 'keep-git-dir', 'parents', 'exclude']
};
const HEREDOC = /<<-?["']?[A-Za-z_][A-Za-z0-9_]*["']?/;
/** The first thing in a target's stages that needs BuildKit, as `RUN --mount on line 4`. */
function buildKitFeature(chain) {
    for (const stage of chain) {
        for (const instruction of stage.instructions) {
            const flag = instruction.flags.find(name => BUILDKIT_FLAGS[instruction.keyword]?.includes(name));
            if (flag)
                return `${instruction.keyword} --${flag} on line ${instruction.line}`;
            if (['RUN', 'COPY', 'ADD'].includes(instruction.keyword) && HEREDOC.test(instruction.text))
                return `a heredoc on line ${instruction.line}`;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/dockerfile/images.ts

const IMAGE_CONTEXT = /^([^=]+)=docker-image:\/\/(.+)$/;
/**
 * The images the stages of a build read and those its named contexts name, each
 * once, in the Dockerfile's order (so that a message names the first line).
 */
function imagesRead(chains, buildContexts) {
    const uses = new Map();
    const add = (ref, where) => {
        if (!uses.has(ref))
            uses.set(ref, { ref, where });
    };
    for (const stage of chains.flat().sort((a, b) => a.index - b.index)) {
        const { base } = stage;
        if (base.kind === 'image' && base.ref !== 'scratch')
            add(base.ref, `FROM on line ${stage.line}`);
        for (const use of stage.uses)
            if (use.kind === 'image')
                add(use.ref, `a --from of stage ${stage.name ?? stage.index}`);
    }
    for (const context of buildContexts) {
        const [, name, ref] = IMAGE_CONTEXT.exec(context) ?? [];
        if (ref)
            add(ref, `${input_names/* Inputs */.G.buildContexts}: ${name}`);
    }
    return [...uses.values()];
}

// EXTERNAL MODULE: ./src/buildx/probes.ts
var probes = __webpack_require__(8661);
;// CONCATENATED MODULE: ./src/buildx/cache-probe.ts
/**
 * How long the cache service gets to answer one lookup before the build goes on
 * without it. BuildKit retries a failing cache request for minutes, and one that
 * stalls holds the build; a service that cannot answer this in time would do so.
 */
const CACHE_PROBE_TIMEOUT_MS = 10_000;
const PROBE_KEY = 'sizegate-cache-probe';
const PROBE_VERSION = '0'.repeat(64);
/** The lookup a cache client makes first, in the protocol the run's service speaks. */
function lookup(service, env) {
    const headers = { Authorization: `Bearer ${env.ACTIONS_RUNTIME_TOKEN ?? ''}` };
    if (service === 'v2') {
        const base = new URL(env.ACTIONS_RESULTS_URL ?? '');
        return {
            url: new URL('twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL', base).href,
            init: {
                method: 'POST',
                headers: { ...headers, 'Content-Type': 'application/json' },
                body: JSON.stringify({ key: PROBE_KEY, restore_keys: [], version: PROBE_VERSION })
            }
        };
    }
    const url = new URL('_apis/artifactcache/cache', env.ACTIONS_CACHE_URL ?? '');
    url.searchParams.set('keys', PROBE_KEY);
    url.searchParams.set('version', PROBE_VERSION);
    return {
        url: url.href,
        init: { headers: { ...headers, Accept: 'application/json;api-version=6.0-preview.1' } }
    };
}
/**
 * Asks the run's cache service for an entry that does not exist: a miss (or a hit)
 * means it works. Returns why it does not, or undefined when it answered well.
 */
async function probeCacheService(service, env, timeoutMs = CACHE_PROBE_TIMEOUT_MS) {
    let request;
    try {
        request = lookup(service, env);
    }
    catch {
        return `its URL is not valid`;
    }
    try {
        const response = await fetch(request.url, {
            ...request.init,
            signal: AbortSignal.timeout(timeoutMs)
        });
        await response.arrayBuffer();
        return response.ok ? undefined : `it answered HTTP ${response.status}`;
    }
    catch (error) {
        const { name, message } = error;
        if (name === 'TimeoutError')
            return `it did not answer within ${timeoutMs / 1000} s`;
        const cause = error.cause?.message;
        return `it could not be reached (${cause ?? message})`;
    }
}

;// CONCATENATED MODULE: ./src/buildx/detect.ts










/**
 * A booted builder read back. buildx 0.10 exits 0 from `inspect --bootstrap` even
 * when the builder failed to boot, so the Status line decides.
 */
function booted(inspect) {
    const found = parseInspect(`${inspect.stdout}\n${inspect.stderr}`);
    const error = found.error ?? (inspect.ok ? undefined : inspect.error);
    return { ...found, error, ok: inspect.ok && found.status === 'running' };
}
/** The user's builder (or the current one) must run: a broken one is the user's to fix. */
function userBuilderFacts(config, builder) {
    if (builder.ok)
        return builder;
    const reason = builder.error || `its status is ${builder.status ?? 'unknown'}`;
    if (config.builder) {
        throw new InputError(input_names/* Inputs */.G.builder, config.builder, `is not a buildx builder that runs here (${reason}); expected the name of a working builder (see docker buildx ls)`);
    }
    throw new UserError(`The current buildx builder${builder.name ? ` "${builder.name}"` : ''} does not run (${reason}): fix it, switch with docker buildx use, or name one in ${input_names/* Inputs */.G.builder}.`);
}
/**
 * Creates and boots OWN_BUILDER. Where it cannot start (no registry to pull
 * moby/buildkit from, no privileged containers), undefined: cache plumbing must
 * never fail a build that the current builder can do.
 */
async function startOwnBuilder() {
    if (!(await (0,probes/* probeDocker */.D5)(['buildx', 'inspect', OWN_BUILDER])).ok) {
        const created = await (0,probes/* probeDocker */.D5)([
            'buildx',
            'create',
            '--name',
            OWN_BUILDER,
            '--driver',
            'docker-container'
        ]);
        if (!created.ok)
            return created.error;
    }
    const own = booted(await (0,probes/* inspectBooted */.qn)(OWN_BUILDER));
    if (own.ok)
        return own;
    await (0,probes/* probeDocker */.D5)(['buildx', 'rm', OWN_BUILDER]);
    return own.error || `its status is ${own.status ?? 'unknown'}`;
}
async function probe(config, chains, env) {
    const { version, inspect } = await (0,probes/* buildxAnswers */.CE)(config.builder);
    const facts = {
        userBuilder: config.builder,
        cacheWanted: config.cache === 'gha',
        cacheService: ghaCacheService(env)
    };
    if (version.ok) {
        const builder = userBuilderFacts(config, booted(inspect));
        const engine = builder.driver === 'docker' ? await engineFacts() : undefined;
        return {
            ...facts,
            buildxVersion: version.stdout.trim(),
            driver: builder.driver,
            buildkitVersion: builder.buildkit,
            engineVersion: engine?.version,
            imageStore: engine?.imageStore
        };
    }
    const client = await (0,probes/* probeDocker */.D5)(['version', '--format', '{{.Client.Version}}']);
    return {
        ...facts,
        clientVersion: client.stdout.trim().split('\n')[0] || undefined,
        needsBuildKit: chains.map(buildKitFeature).find(Boolean)
    };
}
/**
 * The images a build needs that only this engine has. The docker driver reads them
 * from the engine; a docker-container builder pulls from registries and would fail.
 */
async function engineOnlyImages(config, chains) {
    const found = [];
    for (const use of imagesRead(chains, config.options.buildContexts))
        if (await onlyInEngine(use.ref))
            found.push(use);
    return found;
}
/** The choice without the gha cache, with a warning that says why. */
function withoutCache(facts, warning) {
    const fallback = chooseBuilder({ ...facts, cacheWanted: false });
    return { builder: fallback.builder, notices: fallback.notices, warnings: [warning] };
}
/** Looks at the machine (buildx, its builder, the CLI) and picks how to build. */
async function detectBuilder(config, chains, env) {
    const facts = await probe(config, chains, env);
    const choice = chooseBuilder(facts);
    if (choice.error)
        throw new UserError(choice.error);
    if (choice.builder.ghaCache && facts.cacheService) {
        const down = await probeCacheService(facts.cacheService, env);
        if (down)
            return withoutCache(facts, `The GitHub Actions cache service is not usable (${down}; sizegate waits at most ${CACHE_PROBE_TIMEOUT_MS / 1000} s): building without the GitHub Actions cache.`);
    }
    if (!choice.createOwnBuilder)
        return choice;
    const local = await engineOnlyImages(config, chains);
    if (local.length > 0) {
        const named = local.map(use => `${use.ref} (${use.where})`).join(', ');
        return withoutCache(facts, `The build reads ${named}, which only this Docker engine has (never pushed to a registry). A docker-container builder, the only kind that can export the GitHub Actions cache from this engine's classic image store, pulls images from registries and could not see it: building with the current builder, without the GitHub Actions cache. Push the image to a registry (and name it there) or use the containerd image store to have the cache.`);
    }
    const own = await startOwnBuilder();
    if (typeof own === 'string') {
        log/* log */.Rm.debug(`docker buildx inspect --bootstrap ${OWN_BUILDER}: ${own}`);
        return withoutCache(facts, `The docker-container builder "${OWN_BUILDER}" could not start (${own}): building with the current builder, without the GitHub Actions cache.`);
    }
    // Booted: judge the cache and push paths by the BuildKit it runs.
    const booted = chooseBuilder({ ...facts, driver: own.driver, buildkitVersion: own.buildkit });
    return {
        builder: { ...booted.builder, name: OWN_BUILDER },
        notices: [...choice.notices, ...booted.notices],
        warnings: booted.warnings
    };
}

;// CONCATENATED MODULE: ./src/measure/call.ts




/** Asks buildx the `call` method (check, outline, targets) for each target: no image, nothing measured. */
function callTargets(run) {
    return withPlans(run, async (plans) => {
        const answers = [];
        for (const [index, plan] of plans.entries()) {
            const answer = await runCall(plan, run.builder);
            const text = run.targets[index].text;
            answers.push({
                ...answer,
                dockerfile: dockerfileLabel(run.config, run.workspace),
                checks: callChecksOf(answer.metadata, { file: plan.file, text })
            });
        }
        return answers;
    });
}
/** Why a call failed: the checks it found, or buildx's own last lines. */
function callFailure(answer) {
    const rules = [...new Set(answer.checks.map(check => check.rule))];
    if (rules.length > 0)
        return `Build checks of target "${answer.target}" in ${answer.dockerfile} failed: ${answer.checks.length} found (${rules.join(', ')})`;
    return `The call of target "${answer.target}" failed (exit code ${answer.exitCode}):\n${failureLines(answer.lines).join('\n')}`;
}

;// CONCATENATED MODULE: ./src/image/compare-contents.ts




/** Folders whose contents a rebuild rewrites: caches, package lists, logs, ldconfig's own cache. */
const REWRITTEN_FOLDERS = [...CACHE_DIRECTORIES, 'var/log', 'var/cache/ldconfig'];
/** How many differences a comparison names; the rest are counted. */
const compare_contents_NAMED_DIFFERENCES = 8;
const within = (path, folder) => path === folder || path.startsWith(`${folder}/`);
/** The folders above each dev folder up to its node_modules (`@types` of `@types/node`), which go with it. */
function scopeFolders(devFolders) {
    const scopes = new Set();
    for (const folder of devFolders) {
        const parent = external_node_path_.posix.dirname(folder);
        if (!parent.endsWith('node_modules'))
            scopes.add(parent);
    }
    return scopes;
}
const octal = (mode) => mode.toString(8).padStart(4, '0');
/** What differs between one path's two records, in a reviewer's words; '' when nothing does. */
function recordChange(head, fixed) {
    if (head.kind !== fixed.kind)
        return `${head.kind} → ${fixed.kind}`;
    const parts = [];
    if (head.uid !== fixed.uid || head.gid !== fixed.gid)
        parts.push(`owner ${head.uid}:${head.gid} → ${fixed.uid}:${fixed.gid}`);
    if (head.mode !== fixed.mode)
        parts.push(`mode ${octal(head.mode)} → ${octal(fixed.mode)}`);
    if (head.link !== fixed.link)
        parts.push(`link ${head.link} → ${fixed.link}`);
    if (head.digest !== fixed.digest)
        parts.push('contents differ');
    return parts.join(', ');
}
/** The declared changes, as tests on one path of either image. */
class Declared {
    changes;
    head;
    fixed;
    rewritten;
    devFolders;
    scopes;
    constructor(changes, head, fixed) {
        this.changes = changes;
        this.head = head;
        this.fixed = fixed;
        this.rewritten = changes.has('caches');
        this.devFolders = new Set(changes.has('dev-packages') ? head.contents.devFolders : []);
        this.scopes = scopeFolders(this.devFolders);
    }
    /** The change (and cache folder) that explains `path` going from the image, if one does. */
    removal(path, record) {
        if (this.devFolders.size > 0 && this.isDevPackageFile(path, record))
            return { change: 'dev-packages', folder: '' };
        const folder = this.rewritten && REWRITTEN_FOLDERS.find(root => within(path, root));
        if (folder)
            return { change: 'caches', folder };
        if (this.changes.has('base-files') && record.layer < this.head.baseLayers)
            return { change: 'base-files', folder: '' };
        return undefined;
    }
    /** The change that explains `path` being new or rewritten in the fixed image. */
    rewrite(path, head, fixed) {
        if (this.rewritten && REWRITTEN_FOLDERS.some(folder => within(path, folder)))
            return true;
        // npm's record of the installed tree is rewritten with the tree.
        if (this.devFolders.size > 0 && path.endsWith('node_modules/.package-lock.json'))
            return true;
        if (!this.changes.has('base-files'))
            return false;
        // Package databases list the base's packages, whichever layer wrote them last.
        if (REWRITTEN_BY_PACKAGE_MANAGERS.test(path))
            return true;
        const fromBase = (record, image) => record === undefined || record.layer < image.baseLayers;
        return fromBase(head, this.head) && fromBase(fixed, this.fixed);
    }
    isDevPackageFile(path, record) {
        if (under(path, this.devFolders) || this.scopes.has(path))
            return true;
        // A `.bin` link into a dev package goes with it.
        return (record.kind === 'symlink' &&
            external_node_path_.posix.basename(external_node_path_.posix.dirname(path)) === '.bin' &&
            under(external_node_path_.posix.join(external_node_path_.posix.dirname(path), record.link), this.devFolders));
    }
}
/** The runtime config fields that differ, each as a difference. */
function configDifferences(head, fixed) {
    return RUNTIME_FIELDS.filter(field => JSON.stringify(head[field]) !== JSON.stringify(fixed[field])).map(field => `config ${field}: ${JSON.stringify(head[field] ?? null)} → ${JSON.stringify(fixed[field] ?? null)}`);
}
/**
 * Compares a fix's image with the original, file by file (kind, owner, mode,
 * contents, link target) and by its runtime config. What `changes` declare is
 * summed as removed; everything else is a difference.
 */
function compareContents(head, fixed, changes) {
    const declared = new Declared(changes, head, fixed);
    const differences = configDifferences(head.contents.config, fixed.contents.config);
    const configCount = differences.length;
    const removed = new Map();
    const fixedFiles = fixed.contents.files;
    for (const [path, record] of head.contents.files) {
        const other = fixedFiles.get(path);
        if (!other) {
            const why = declared.removal(path, record);
            if (!why)
                differences.push(`/${path}: removed`);
            else {
                const key = `${why.change}:${why.folder}`;
                const sum = removed.get(key) ?? { ...why, files: 0, bytes: 0 };
                removed.set(key, sum);
                sum.files += record.kind === 'directory' ? 0 : 1;
                sum.bytes += record.bytes;
            }
            continue;
        }
        const change = recordChange(record, other);
        if (change && !declared.rewrite(path, record, other))
            differences.push(`/${path}: ${change}`);
    }
    for (const [path, record] of fixedFiles)
        if (!head.contents.files.has(path) && !declared.rewrite(path, undefined, record))
            differences.push(`/${path}: added`);
    const [config, files] = [differences.slice(0, configCount), differences.slice(configCount)];
    const ordered = [...config, ...files.sort()];
    const devFoldersRemoved = head.contents.devFolders.filter(folder => head.contents.files.has(folder) && !fixedFiles.has(folder));
    return {
        differences: ordered.slice(0, compare_contents_NAMED_DIFFERENCES),
        differenceCount: ordered.length,
        removed: [...removed.values()].filter(sum => sum.files > 0).sort((a, b) => b.bytes - a.bytes),
        devFoldersRemoved
    };
}

;// CONCATENATED MODULE: ./src/measure/fix-outcome.ts





/** Below this a difference is the image config's own bytes (its history), not the fix's. */
const MEASURABLE = 4096;
/** Dev packages a verified fix's text names, largest first; the rest are counted. */
const NAMED_PACKAGES = 3;
/** The leading layers of an image that its base image gave it. */
function baseLayersOf(report) {
    const index = report.layers.findIndex(layer => layer.instruction !== 'FROM');
    return index === -1 ? report.layers.length : index;
}
/** `typescript 5.6.3` for each dev package folder the fix removed, largest first. */
function fix_outcome_devPackageNames(head, folders) {
    const names = new Set(folders.map(folder => folder.slice(folder.lastIndexOf('node_modules/') + 13)));
    const known = (head.packages?.list ?? []).filter(item => item.ecosystem === 'npm' && item.dev && names.has(item.name));
    return {
        count: names.size,
        largest: known
            .slice(0, NAMED_PACKAGES)
            .map(item => `${item.name} ${item.versions.join(', ')}`.trim())
    };
}
/** The base image's Debian (or Alpine) packages the fixed image no longer has. */
function basePackagesGone(head, fixed) {
    const system = (report) => (report.packages?.list ?? []).filter(item => (item.ecosystem === 'deb' || item.ecosystem === 'apk') && item.layer < baseLayersOf(report));
    const kept = new Set(system(fixed).map(item => item.name));
    return system(head)
        .filter(item => !kept.has(item.name))
        .map(item => item.name);
}
/**
 * The file the image starts, as its first Entrypoint or Cmd word names it: found
 * in the image (through PATH, following symlinks), or undefined when it names none.
 */
function startsProgram(contents) {
    const { Entrypoint, Cmd, Env } = contents.config;
    const first = [Entrypoint, Cmd].find(value => Array.isArray(value) && value.length > 0);
    const program = first?.[0];
    if (!program)
        return undefined;
    const path = Env?.find(entry => entry.startsWith('PATH='))?.slice(5);
    const candidates = program.includes('/')
        ? [external_node_path_.posix.resolve('/', program)]
        : (path ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
            .split(':')
            .map(folder => external_node_path_.posix.join(external_node_path_.posix.resolve('/', folder), program));
    return candidates.some(candidate => resolvesToFile(contents, candidate));
}
/** Whether an absolute path leads, through at most 40 symlinks, to a file. */
function resolvesToFile(contents, absolute) {
    let path = absolute;
    for (let hop = 0; hop < 40; hop++) {
        const record = contents.files.get(path.slice(1));
        if (!record)
            return false;
        if (record.kind === 'file' || record.kind === 'hardlink')
            return true;
        if (record.kind !== 'symlink')
            return false;
        path = external_node_path_.posix.resolve(external_node_path_.posix.dirname(path), record.link);
    }
    return false;
}
/** Why a fix's image, comparing as it does, is no proof; undefined when it is one. */
function refusal(comparison, head, fixed, saving) {
    if (comparison.differenceCount > 0)
        return `it changes the app (${saving}): ${differencesText(comparison.differences, comparison.differenceCount)}`;
    const starts = (image) => image.contents && startsProgram(image.contents);
    if (starts(head) === true && starts(fixed) === false)
        return `it changes the app (${saving}): the program the image starts is not in it`;
    return undefined;
}
/**
 * A fix's outcome from the original image and the image built with it: a saving
 * only where it saves something measurable and its image is the original, file
 * for file and by its runtime config, apart from what its rules declare.
 */
function fixOutcome(head, fixed, fixes) {
    const saving = {
        compressedBytes: head.report.compressedBytes - fixed.report.compressedBytes,
        uncompressedBytes: head.report.uncompressedBytes - fixed.report.uncompressedBytes
    };
    const savingWords = `the image changed by ${changeText(-saving.compressedBytes, null)} compressed, ${changeText(-saving.uncompressedBytes, null)} on disk`;
    if (saving.compressedBytes < MEASURABLE && saving.uncompressedBytes < MEASURABLE)
        return {
            saving: null,
            unverified: `it saved nothing measurable (${savingWords})`,
            removes: null
        };
    if (!head.contents || !fixed.contents)
        return {
            saving: null,
            unverified: "its image's files were not compared with the original's",
            removes: null
        };
    const comparison = compareContents({ contents: head.contents, baseLayers: baseLayersOf(head.report) }, { contents: fixed.contents, baseLayers: baseLayersOf(fixed.report) }, declaredChanges(fixes));
    const refused = refusal(comparison, head, fixed, savingWords);
    if (refused)
        return { saving: null, unverified: refused, removes: null };
    const facts = {
        devPackages: fix_outcome_devPackageNames(head.report, comparison.devFoldersRemoved),
        removed: comparison.removed,
        basePackages: basePackagesGone(head.report, fixed.report)
    };
    return { saving, unverified: null, removes: removalText(facts) };
}

;// CONCATENATED MODULE: ./src/measure/verify-fixes.ts










/**
 * Builds the Dockerfile with `fixes` applied, beside the original (its
 * .dockerignore too), as the head was built: same context, args and builder,
 * reading the head's cache and writing none; measured like the head.
 */
async function buildFixed(head, text, fixes, name) {
    const folder = external_node_path_.join(head.workDir, 'fixes', name);
    await (0,promises_.mkdir)(folder, { recursive: true });
    const file = external_node_path_.join(folder, external_node_path_.basename(head.config.file));
    await (0,promises_.writeFile)(file, applyFixes(text, fixes));
    const ignore = `${head.config.file}.dockerignore`;
    if ((0,external_node_fs_.existsSync)(ignore))
        await (0,promises_.copyFile)(ignore, `${file}.dockerignore`);
    const identity = buildIdentity(head.config, head.target, head.workspace);
    const config = {
        ...head.config,
        file,
        targets: head.config.targets.length > 0 ? [head.target.name] : [],
        cacheScope: cacheScopeFor(head.config, head.target.name, identity)
    };
    const targets = await resolveBuild(config, external_node_path_.basename(file), true);
    const [measured] = await buildAside({
        config,
        targets,
        builder: head.builder,
        workspace: head.workspace,
        workDir: folder,
        commit: null,
        ref: null
    });
    return measured;
}
/** A proof's outcome, or the build's failure as the reason it is unverified. */
async function proof(head, original, text, fixes, name) {
    try {
        return fixOutcome(original, await buildFixed(head, text, fixes, name), fixes);
    }
    catch (error) {
        return {
            saving: null,
            unverified: `its build failed: ${error.message.split('\n')[0]}`,
            removes: null
        };
    }
}
/**
 * Proves each fix of a measured head by a build of its own, and all of them that
 * go together by one more, and puts what each saved in the head's report.
 */
async function verifyFixes(head, measured) {
    const fixes = measured.fixes;
    if (!fixes || fixes.list.length === 0)
        return;
    const started = Date.now();
    log/* log */.Rm.info(`Verifying ${fixesText(fixes.list.length)} of ${measured.report.target} by building each`);
    const each = [];
    for (const [index, fix] of fixes.list.entries())
        each.push(await proof(head, measured, fixes.text, [fix], `${index + 1}-${fix.rule}`));
    // Only fixes proven alone go together: one that changes the app would spoil the rest.
    const together = allTogether(fixes.list.filter((_, index) => each[index].saving !== null));
    const joint = together.length === 0
        ? { saving: null, unverified: 'no fix was verified alone', removes: null }
        : together.length === 1
            ? each[fixes.list.indexOf(together[0])]
            : await proof(head, measured, fixes.text, together, 'together');
    const verifyMs = Date.now() - started;
    const report = measured.report.fixes;
    if (report) {
        report.list.forEach((item, index) => Object.assign(item, each[index]));
        if (together.length > 0)
            Object.assign(report.together, togetherReport(measured.report.dockerfile, fixes.text, together));
        Object.assign(report.together, joint);
        report.verifyMs = verifyMs;
    }
    log/* log */.Rm.info(`Verified the fixes of ${measured.report.target} in ${(verifyMs / 1000).toFixed(1)} s (the build itself took ${(measured.report.build.durationMs / 1000).toFixed(1)} s)`);
}

;// CONCATENATED MODULE: ./src/sources/dockerfile.ts






/** The base commit built as each head build was; one report list for all. */
async function buildBases(configs, base) {
    const result = { reports: [], untracked: [] };
    for (const config of configs) {
        const built = await buildBaseline({
            config,
            builder: base.builder,
            repository: base.repository,
            workspace: base.workspace,
            baseRef: base.pullRequest.baseRef,
            baseSha: base.pullRequest.baseSha
        });
        result.reports.push(...built.reports);
        result.untracked = [...new Set([...result.untracked, ...built.untracked])];
    }
    return result;
}
/** Each target's fixes proven by builds: of its first platform's image, which each proof also builds. */
async function proveFixes(built, targets, head) {
    for (const target of targets) {
        const measured = built.find(item => item.dockerfile?.target.name === target.name);
        if (measured)
            await verifyFixes({ ...head, target }, measured);
    }
}
/** Each build's targets resolved, and the one builder that builds them all. */
async function resolvedBuilds(configs, workspace) {
    const builds = [];
    for (const config of configs)
        builds.push({ config, targets: await resolveBuild(config, dockerfileLabel(config, workspace)) });
    const { builder, notices, warnings } = await detectBuilder(configs[0], builds.flatMap(({ targets }) => targets.map(target => target.upToTarget)), process.env);
    for (const notice of notices)
        log/* log */.Rm.notice(notice);
    for (const warning of warnings)
        log/* log */.Rm.warning(warning);
    return { builds, builder };
}
/** A build method other than build (`call`) asked of every target: buildx's answers, nothing built. */
async function dockerfileAnswers(configs, run) {
    const { builds, builder } = await resolvedBuilds(configs, run.workspace);
    const answers = [];
    for (const { config, targets } of builds)
        answers.push(...(await callTargets({ ...run, config, targets, builder, exportCache: false })));
    return answers;
}
/**
 * Dockerfile builds (one, or each target of a bake file): resolved, built with one
 * builder, and measured.
 */
async function dockerfileHeads(configs, baselineImages, run) {
    const { workspace } = run;
    const { builds, builder } = await resolvedBuilds(configs, workspace);
    const measured = [];
    for (const { config, targets } of builds) {
        const built = await buildTargets({ ...run, config, targets, builder, exportCache: true });
        if (config.verifyFixes)
            await proveFixes(built, targets, { ...run, config, builder });
        measured.push(...built);
    }
    return {
        measured,
        baseline: configs[0].baseline,
        baselineImages,
        dockerfile: configs[0].file,
        buildBase: (pullRequest, repository) => buildBases(configs, { builder, repository, workspace, pullRequest })
    };
}

;// CONCATENATED MODULE: ./src/sources/bake.ts



/** The targets buildx resolves from bake files, each as the config of a Dockerfile build. */
async function bakeConfigs(config, run) {
    const definition = await printBake(config.files, config.targets, run.workspace);
    const names = bakeTargetNames(definition, config.targets);
    checkBaselineCount(config.shared.baselineImages, names.length, `bake targets ${names.join(', ')}`);
    return names.map(name => bakeBuildConfig(name, definition.target?.[name] ?? {}, config.shared, run.workspace));
}
/** The targets of bake files, each built as a Dockerfile build. */
async function bakeHeads(config, run) {
    return dockerfileHeads(await bakeConfigs(config, run), config.shared.baselineImages, run);
}

;// CONCATENATED MODULE: ./src/sources/images.ts


/** Images another step built, measured as they are: nothing is built, so no base can be either. */
async function imageHeads(config, run) {
    const dockerfileLabel = config.file ? external_node_path_.relative(run.workspace, config.file) : '';
    const dockerfile = config.file
        ? { file: config.file, target: await dockerfileTarget(config.file, dockerfileLabel) }
        : undefined;
    const measured = await measureImages(config, dockerfile, { ...run, dockerfileLabel });
    return {
        measured,
        // The cache, or baseline-image: a base build needs a build.
        baseline: config.baseline === 'none' ? 'none' : 'cache',
        baselineImages: config.baselineImages,
        dockerfile: config.file
    };
}

;// CONCATENATED MODULE: ./src/github/trust.ts

const trust_short = (sha) => sha.slice(0, 7);
/**
 * In a `workflow_run` run, only what the triggering run proves counts: the report
 * must be of the commit that run built, and its PR one whose head is that commit in
 * the repository that run built from, as the API lists them. The report's number
 * alone is never taken on faith: a fork can name anyone's PR and head.
 */
async function verifyAgainstRun(octokit, context, run, claimed, delays) {
    if (claimed.headSha !== run.headSha)
        return {
            refused: `The report is of ${trust_short(claimed.headSha)}, but the run that made it built ${trust_short(run.headSha)}: not commenting.`
        };
    const [headOwner] = run.headRepository.split('/');
    const open = await withRetry(() => octokit.paginate(octokit.rest.pulls.list, {
        owner: context.owner,
        repo: context.repo,
        state: 'open',
        head: `${headOwner}:${run.headBranch}`,
        per_page: 100
    }), delays);
    const thisRepository = `${context.owner}/${context.repo}`;
    const found = open.find(pr => pr.number === claimed.number &&
        pr.head.sha === run.headSha &&
        pr.head.repo?.full_name === run.headRepository &&
        pr.base.repo.full_name === thisRepository);
    if (!found)
        return {
            refused: `The report names pull request #${claimed.number}, but no open pull request of ${thisRepository} has the head ${trust_short(run.headSha)} of ${run.headRepository} that the triggering run built: not commenting.`
        };
    return { pullRequest: { ...claimed, number: found.number, baseRef: found.base.ref } };
}
/** Elsewhere (a report handed on within one repository), the PR must still be at the report's head. */
async function verifyHead(octokit, context, claimed, delays) {
    const { data } = await withRetry(() => octokit.rest.pulls.get({
        owner: context.owner,
        repo: context.repo,
        pull_number: claimed.number
    }), delays);
    if (data.head.sha !== claimed.headSha)
        return {
            refused: `The report is of ${trust_short(claimed.headSha)}, but pull request #${claimed.number} is at ${trust_short(data.head.sha)}: not commenting.`
        };
    return { pullRequest: { ...claimed, baseRef: data.base.ref } };
}
/** The pull request a report from another workflow may be posted on, from the API's answers. */
function verifyPullRequest(octokit, context, claimed, delays) {
    return context.workflowRun
        ? verifyAgainstRun(octokit, context, context.workflowRun, claimed, delays)
        : verifyHead(octokit, context, claimed, delays);
}

;// CONCATENATED MODULE: ./src/sources/reports.ts









/** The report files named by `report`: files as given, folders for their *.json. */
async function reportPaths(paths) {
    const files = [];
    for (const entry of paths) {
        if ((await (0,promises_.stat)(entry)).isDirectory()) {
            const names = (await (0,promises_.readdir)(entry)).filter(name => name.endsWith('.json')).sort();
            files.push(...names.map(name => ({ file: external_node_path_.join(entry, name), found: true })));
        }
        else
            files.push({ file: entry, found: false });
    }
    return files;
}
async function readReports(paths) {
    const files = [];
    let others = 0;
    for (const { file, found } of await reportPaths(paths)) {
        const text = await (0,promises_.readFile)(file, 'utf8');
        const parsed = parseReportFile(text);
        if (parsed.ok)
            files.push(parsed.value);
        else if (found && !claimsSizegate(text))
            others++;
        else
            log/* log */.Rm.warning(`${file} ${parsed.problem}; it is treated as missing.`);
    }
    if (others > 0)
        log/* log */.Rm.info(`Skipped ${others} JSON file(s) of other tools beside the reports.`);
    if (files.length === 0)
        throw new UserError(`report: no valid sizegate report in ${paths.join(', ')}`);
    return files;
}
/** The pull request the reports claim, if the API confirms that this run may post on it. */
async function trustedPullRequest(files, token, context) {
    const claimed = files[0].pullRequest;
    if (!claimed || !token)
        return null;
    const verification = await verifyPullRequest(await createOctokit(token), context, claimed, API_RETRY_DELAYS_MS).catch(error => ({
        refused: `Could not look up pull request #${claimed.number}: ${error.message}`
    }));
    if ('refused' in verification) {
        log/* log */.Rm.warning(verification.refused);
        return null;
    }
    return verification.pullRequest;
}
/**
 * The base numbers from the trusted side: the base branch's reports in the cache.
 * A report's own baseline stays only where the cache has none, marked as unchecked.
 */
async function withTrustedBaselines(files, pullRequest, workspace) {
    const cached = await cachedBaselines(files, pullRequest, workspace);
    const fromCache = cached.byIdentity.size > 0;
    return files.map((file, index) => {
        const trusted = cached.byIdentity.get(identityKey(file));
        const unchecked = file.baseline && { ...file.baseline, source: 'artifact' };
        const removed = fromCache ? (index === 0 ? cached.removed : []) : file.removed;
        return { ...file, baseline: trusted ?? unchecked ?? null, removed };
    });
}
/** Reports from another workflow (a fork's PR): read, their pull request and baselines checked. */
async function postedReports(request, context, workspace) {
    const files = await readReports(request.reports);
    const pullRequest = await trustedPullRequest(files, request.token, context);
    if (!pullRequest || request.baseline === 'none')
        return { files, pullRequest };
    return { files: await withTrustedBaselines(files, pullRequest, workspace), pullRequest };
}

;// CONCATENATED MODULE: ./src/main.ts

















/** One folder per step: two sizegate steps in one job keep their reports apart. */
function workDirOf() {
    const step = (process.env.GITHUB_ACTION || 'sizegate').replace(/[^A-Za-z0-9_.-]/g, '_');
    return external_node_path_.join(process.env.RUNNER_TEMP || external_node_os_.tmpdir(), 'sizegate', step);
}
/** The images this run measures: built from a Dockerfile or a bake file, or built elsewhere. */
function headsOf(request, run) {
    switch (request.source) {
        case 'dockerfile':
            return dockerfileHeads([request.build], request.build.baselineImages, run);
        case 'bake':
            return bakeHeads(request.bake, run);
        case 'images':
            return imageHeads(request.image, run);
    }
}
/** The build method asked instead of a build (`call`: check, outline, targets), if any. */
function callOf(request) {
    if (request.source === 'dockerfile')
        return request.build.options.call;
    return request.source === 'bake' ? request.bake.shared.options.call : undefined;
}
/**
 * A call instead of a build: buildx answers it for each target, its checks become
 * annotations, and nothing is measured, compared or posted.
 */
async function answerCall(request, run) {
    const configs = request.source === 'bake' ? await bakeConfigs(request.bake, run) : [request.build];
    const answers = await dockerfileAnswers(configs, run);
    for (const answer of answers)
        annotateBuildChecks(answer.checks, answer.dockerfile, process.env);
    const failed = answers.find(answer => answer.exitCode !== 0);
    if (failed)
        throw new UserError(callFailure(failed));
    return [];
}
/** Sources → baselines → evaluation and publication; answers the gate's verdicts. */
async function runRequest(request, context, workspace) {
    const now = new Date();
    if (request.source === 'reports') {
        const token = request.publish.token;
        const posted = await postedReports({ ...request, token }, context, workspace);
        // Reports only go on a pull request the API has confirmed.
        const comment = posted.pullRequest ? request.publish.comment : 'never';
        const config = { ...request.publish, comment };
        const statusSha = posted.pullRequest?.headSha ?? null;
        return publish({
            ...posted,
            config,
            context,
            withBuildSummary: false,
            suggestFixes: false,
            statusSha,
            now
        });
    }
    const workDir = workDirOf();
    const run = { workspace, workDir, commit: context.sha || null, ref: context.ref || null };
    if (request.source !== 'images' && callOf(request))
        return answerCall(request, run);
    const heads = await headsOf(request, run);
    for (const { report } of heads.measured) {
        annotateHints(report);
        annotateBuildChecks(report.buildChecks, report.dockerfile, process.env);
    }
    const growthDays = request.publish.gate.maxGrowth?.days;
    const { files, pullRequest } = await withBaselines(heads, context, workspace, growthDays);
    setBuildOutputs(heads.measured, await writeReportFiles(files, workDir));
    const config = request.publish;
    return publish({
        files,
        config,
        context,
        pullRequest,
        withBuildSummary: true,
        suggestFixes: true,
        statusSha: null,
        now
    });
}
/** Fails the step when an image crossed a limit. */
function gate(verdicts) {
    const crossed = verdicts.filter(verdict => verdict.exceeded);
    if (crossed.length > 0)
        throw new UserError(`Size limit crossed: ${crossed.map(verdict => verdict.sentence).join(' ')}`);
}
/** The action: inputs to a request, the flow, and the one place the step fails. */
async function run() {
    (0,log/* useLog */.eT)(actionLog);
    try {
        const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
        gate(await runRequest(readRequest(workspace), readRunContext(), workspace));
    }
    catch (error) {
        // A message for the user; the stack only in the debug log.
        const err = error instanceof Error ? error : new Error(String(error));
        if (!(err instanceof UserError) && err.stack)
            core/* debug */.Yz(err.stack);
        core/* setFailed */.C1(err.message);
    }
}


/***/ })

};
