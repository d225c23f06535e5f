using System.Collections.Frozen;
using System.Reflection;
using CineCast.Audio;
using CineCast.Speech.Markup;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace CineCast.Web.Refusals;

/// <summary>
/// Every refusal the server gives, in one table: a new refusal is one row here. The REST API, the older endpoints
/// and batches answer with ProblemDetails (<c>reason</c> = the code), <c>/v1</c> with OpenAI's error shape, the hub
/// with a HubException that carries the sentence and the code (<see cref="RefusalAnswers"/>).
/// </summary>
public static class Refuse
{
    // What was sent could not be read or is not allowed here.
    public static readonly Refusal SignInRequired = new("auth.required", Status401Unauthorized,
        "Sign in, or send an API key or access token as 'Authorization: Bearer <token>'.", openAiCode: "invalid_api_key");
    public static readonly Refusal Forbidden = new("auth.forbidden", Status403Forbidden, "Your account or key may not do that.", openAiCode: "forbidden");
    public static readonly Refusal NotFound = new("not-found", Status404NotFound, "Nothing found: no {0} visible to you.", openAiCode: "not_found");
    public static readonly Refusal MethodNotAllowed = new("request.method-not-allowed", Status405MethodNotAllowed, "That method is not allowed here.");
    public static readonly Refusal BodyTooLarge = new("request.too-large", Status413PayloadTooLarge, "The request body is larger than this endpoint accepts.");
    public static readonly Refusal UnsupportedMediaType = new("request.unsupported-media-type", Status415UnsupportedMediaType,
        "This endpoint does not accept that Content-Type; send JSON as 'application/json' and clips as 'multipart/form-data'.", openAiCode: "unsupported_media_type");
    public static readonly Refusal Malformed = new("request.malformed", Status400BadRequest, "The request could not be read: {0}", openAiCode: "invalid_json");
    public static readonly Refusal NoAntiforgeryToken = new("request.antiforgery", Status400BadRequest,
        "A signed-in page must send its antiforgery token in the 'RequestVerificationToken' header; programs use an API key instead.");

    // Too much at once.
    public static readonly Refusal TooManyUploads = new("rate-limit.uploads", Status429TooManyRequests,
        "Too many clone uploads from you; try again in {0} s (CineCast:RateLimits:Uploads).", openAiCode: "rate_limit_exceeded");
    public static readonly Refusal TooManySpeechRequests = new("rate-limit.synthesis", Status429TooManyRequests,
        "Too many speech requests from you; try again in {0} s (CineCast:RateLimits:Synthesis).", openAiCode: "rate_limit_exceeded");
    public static readonly Refusal TooManyBatchRequests = new("rate-limit.batches", Status429TooManyRequests,
        "Too many batch jobs from you; try again in {0} s (CineCast:RateLimits:Batches).", openAiCode: "rate_limit_exceeded");
    public static readonly Refusal TooManyDetections = new("rate-limit.detection", Status429TooManyRequests,
        "Too many watermark detections from you; try again in {0} s (CineCast:Provenance:Detection, or AnonymousDetectionLimit when not signed in).", openAiCode: "rate_limit_exceeded");
    public static readonly Refusal Busy = new("synthesis.busy", Status429TooManyRequests,
        "The server is busy speaking for others; try again in {0} s.", openAiCode: "server_busy");

    // What to say and how.
    public static readonly Refusal TextEmpty = new("text.empty", Status400BadRequest, "Type some text to speak.", "input");
    public static readonly Refusal TextTooLong = new("text.too-long", Status400BadRequest, "The text is {0:N0} characters; the limit is {1:N0}.", "input");
    public static readonly Refusal NothingToSay = new("text.nothing-to-say", Status400BadRequest, "The text has no words to speak.", "input");
    public static readonly Refusal SpeedOutOfRange = new("speed.out-of-range", Status400BadRequest, "Speed must be between {0} and {1}.", "speed");
    public static readonly Refusal TemperatureOutOfRange = new("temperature.out-of-range", Status400BadRequest, "Temperature must be between 0 and {0}.", "temperature");
    public static readonly Refusal SeedOutOfRange = new("seed.out-of-range", Status400BadRequest, "The seed must be a whole number from 0 to 2147483647.", "seed");
    public static readonly Refusal FormatUnsupported = new("format.unsupported", Status400BadRequest,
        "'{0}' is not a supported format; choose one of: {1}.", "response_format", "unsupported_format");
    public static readonly Refusal StreamFormatUnsupported = new("stream-format.unsupported", Status400BadRequest,
        "'{0}' is not a stream format; choose 'audio' (the audio file as it is made) or 'sse' (server-sent events of base64 audio).",
        "stream_format", "unsupported_stream_format");
    public static readonly Refusal ModelMissing = new("model.missing", Status400BadRequest, "'model' is required: tts-1, tts-1-hd or an engine id.", "model", "missing_model");

    // Pauses and SSML; the reader's finding (where, and what is wrong) is the fact.
    public static readonly Refusal MarkupMalformed = MarkupRow(MarkupFaults.Malformed);
    public static readonly Refusal MarkupDeclaration = MarkupRow(MarkupFaults.Declaration);
    public static readonly Refusal MarkupUnknownTag = MarkupRow(MarkupFaults.UnknownTag);
    public static readonly Refusal MarkupBadAttribute = MarkupRow(MarkupFaults.BadAttribute);
    public static readonly Refusal MarkupMisplaced = MarkupRow(MarkupFaults.Misplaced);
    public static readonly Refusal MarkupTooDeep = MarkupRow(MarkupFaults.TooDeep);
    public static readonly Refusal MarkupTooLarge = MarkupRow(MarkupFaults.TooLarge);
    public static readonly Refusal MarkupBadPause = MarkupRow(MarkupFaults.BadPause);
    public static readonly Refusal MarkupTooManyPauses = MarkupRow(MarkupFaults.TooManyPauses);
    public static readonly Refusal MarkupLanguageUnsupported = MarkupRow(MarkupFaults.LanguageUnsupported);
    public static readonly Refusal MarkupCannotSayAs = MarkupRow(MarkupFaults.CannotSayAs);
    public static readonly Refusal MarkupRateOutOfRange = new("markup.rate-out-of-range", Status400BadRequest,
        "The text's markup asks for speed {0} at {1}; speed (the request's times <prosody rate>) must be between {2} and {3}.", "input");
    public static readonly Refusal PhonemesUnsupported = new("markup.phonemes-unsupported", Status400BadRequest,
        "The {0} engine cannot speak {1}: it reads words, not IPA. Write how the word sounds as an alias (<sub alias=\"…\">, or the lexicon entry's alias) instead.", "input");

    // Who speaks.
    public static readonly Refusal EngineUnknown = new("engine.unknown", Status404NotFound, "There is no engine called '{0}'. Engines: {1}.", "model");
    public static readonly Refusal EngineNotReady = new("engine.not-ready", Status503ServiceUnavailable, "The engine '{0}' is not ready: {1}", "model");
    public static readonly Refusal EngineCannotSpeakVoice = new("engine.cannot-speak-voice", Status400BadRequest, "The {0} engine cannot speak as this voice. {1}", "voice");
    public static readonly Refusal EngineCannotSayText = new("engine.cannot-say-text", Status400BadRequest, "The {0} engine cannot say this text. {1}", "input");
    public static readonly Refusal VoiceMissing = new("voice.missing", Status400BadRequest, "Name a voice to speak with{0}.", "voice");
    public static readonly Refusal VoiceUnknown = new("voice.unknown", Status404NotFound, "There is no voice '{0}' that you can use.", "voice");
    public static readonly Refusal LiveTextTooLong = new("live.text-too-long", Status400BadRequest,
        "The live text passed the limit of {0:N0} characters (CineCast:Synthesis:MaxLiveTextLength); speech stopped there.", "input");
    public static readonly Refusal LiveTextIdle = new("live.text-idle", Status408RequestTimeout,
        "No text arrived for {0} s (CineCast:Synthesis:LiveTextIdleSeconds); the utterance was ended.", "input");
    public static readonly Refusal LiveTextAborted = new("live.text-aborted", Status400BadRequest,
        "Your text stream failed ({0}); the utterance was ended.", "input");
    // The Wyoming server (Home Assistant): told as an 'error' event with the code.
    public static readonly Refusal WyomingAccountUnknown = new("wyoming.account-unknown", Status503ServiceUnavailable,
        "The Wyoming server speaks for '{0}' (CineCast:Wyoming:User), but there is no such account; register it first.");
    public static readonly Refusal WyomingVoiceNotOffered = new("wyoming.voice-not-offered", Status404NotFound,
        "No voice '{0}' is offered over Wyoming. It offers the presets and the clones its account switched on (My voices): {1}.");
    public static readonly Refusal WyomingNoVoiceForLanguage = new("wyoming.no-voice-for-language", Status400BadRequest,
        "No voice offered over Wyoming speaks '{0}'; name a voice, or ask in one of: {1}.");
    public static readonly Refusal WyomingUnknownEvent = new("wyoming.unknown-event", Status400BadRequest,
        "'{0}' is not an event this text-to-speech server handles; it handles describe, synthesize, synthesize-start, synthesize-chunk, synthesize-stop and ping.");
    public static readonly Refusal WyomingBadFrame = new("wyoming.bad-frame", Status400BadRequest, "The connection is closed: {0}");
    public static readonly Refusal WyomingBusy = new("wyoming.busy", Status503ServiceUnavailable,
        "The Wyoming server already serves {0} connections (CineCast:Wyoming:MaxConnections); try again shortly.");
    public static readonly Refusal SpeakingFailed = new("synthesis.failed", Status500InternalServerError, "The {0} engine could not finish speaking: {1}");

    // Making a clone.
    public static readonly Refusal UploadNotMultipart = new("upload.not-multipart", Status415UnsupportedMediaType,
        "Send the clip as multipart/form-data with a 'file' field (and 'name', 'consent', optional 'refText').");
    public static readonly Refusal UploadMalformed = new("upload.malformed", Status400BadRequest, "The multipart body could not be read: {0}");
    public static readonly Refusal UploadManyFiles = new("upload.many-files", Status400BadRequest, "Send exactly one 'file' per clone.");
    public static readonly Refusal UploadFieldTooLong = new("upload.field-too-long", Status400BadRequest, "The '{0}' field is longer than {1} KB.");
    public static readonly Refusal UploadFieldNotUtf8 = new("upload.field-not-utf8", Status400BadRequest, "The '{0}' field is not valid UTF-8 text.");
    public static readonly Refusal UploadTooLarge = new("upload.too-large", Status413PayloadTooLarge,
        "The upload is larger than {0:0.#} MB. Send a shorter clip or a compressed format (MP3, Opus).");
    public static readonly Refusal UploadNoFile = new("upload.no-file", Status400BadRequest, "The 'file' field with the voice clip is missing.");
    public static readonly Refusal DetectAudio = new("provenance.unreadable-audio", Status400BadRequest,
        "The file cannot be searched for a watermark: {0}");
    public static readonly Refusal NoConsent = new("voice.no-consent", Status400BadRequest,
        "Set '{0}' to true to confirm the voice is yours or that its speaker gave you explicit permission to clone it.");
    public static readonly Refusal RefTextTooLong = new("voice.ref-text-too-long", Status400BadRequest, "'{0}' is longer than {1} characters.");
    public static readonly Refusal VoiceNameInvalid = new("voice.name-invalid", Status400BadRequest,
        "A voice name is 1 to {0} characters without control or invisible formatting characters.");
    public static readonly Refusal VoiceNameTaken = new("voice.name-taken", Status409Conflict, "'{0}' is already the name of {1}; choose another name.");
    public static readonly Refusal PresetReadOnly = new("voice.preset-read-only", Status403Forbidden, "Preset voices ship with the app and cannot be renamed or deleted.");
    public static readonly Refusal PresetHasNoRecording = new("voice.preset-has-no-recording", Status404NotFound,
        "Preset voices are voice profiles, not recordings; there is no reference clip to download.");

    // The clip itself; the decoder's finding is the fact.
    public static readonly Refusal AudioEmpty = AudioRow("audio.empty", Status400BadRequest);
    public static readonly Refusal AudioNotAudio = AudioRow("audio.not-audio", Status415UnsupportedMediaType);
    public static readonly Refusal AudioUnsupportedFormat = AudioRow("audio.unsupported-format", Status415UnsupportedMediaType);
    public static readonly Refusal AudioUnsupportedBitDepth = AudioRow("audio.unsupported-bit-depth", Status415UnsupportedMediaType);
    public static readonly Refusal AudioTruncated = AudioRow("audio.truncated", Status422UnprocessableEntity);
    public static readonly Refusal AudioInvalidHeader = AudioRow("audio.invalid-header", Status422UnprocessableEntity);
    public static readonly Refusal AudioInvalidSampleRate = AudioRow("audio.invalid-sample-rate", Status422UnprocessableEntity);
    public static readonly Refusal AudioInvalidChannelCount = AudioRow("audio.invalid-channel-count", Status422UnprocessableEntity);
    public static readonly Refusal AudioNonFiniteSamples = AudioRow("audio.non-finite-samples", Status422UnprocessableEntity);
    public static readonly Refusal AudioTooLong = AudioRow("audio.too-long", Status422UnprocessableEntity);
    public static readonly Refusal AudioSilent = AudioRow("audio.silent", Status422UnprocessableEntity);
    public static readonly Refusal AudioTooShort = AudioRow("audio.too-short", Status422UnprocessableEntity);
    public static readonly Refusal AudioClipped = AudioRow("audio.clipped", Status422UnprocessableEntity);

    // Room on the server.
    public static readonly Refusal TooManyClones = new("quota.user-clones", Status409Conflict,
        "You have {0} clones; the limit is {1} per user (CineCast:Storage:MaxClonesPerUser). Delete one to add another.");
    public static readonly Refusal CloneBytesQuota = new("quota.user-bytes", Status409Conflict,
        "Your clones take {0}; this one needs {1} and your limit is {2} (CineCast:Storage:MaxCloneBytesPerUser). Delete a clone or use a shorter clip.");
    public static readonly Refusal CloneStorageFull = new("quota.server-full", Status409Conflict,
        "The server's clone storage is full: {0} of {1} (CineCast:Storage:MaxTotalCloneBytes). Ask an administrator to make room.");
    public static readonly Refusal DiskFull = new("storage.full", Status507InsufficientStorage,
        "The server's data disk is full, so nothing was saved. Reading and listing still work; an administrator needs to free space.");
    public static readonly Refusal DataUnwritable = new("storage.unwritable", Status503ServiceUnavailable,
        "The server's data folder cannot be written just now, so nothing was saved. Reading and listing still work; an administrator needs to check CineCast:DataDirectory.");

    // Batches.
    public static readonly Refusal TooManyBatches = new("batch.too-many", Status429TooManyRequests,
        "You have {0} jobs queued or running; the limit is {1}. Wait for one to finish or cancel one.");
    public static readonly Refusal BatchQueueFull = new("batch.queue-full", Status503ServiceUnavailable, "The server already has {0} jobs waiting; try again later.");
    public static readonly Refusal BatchNotDone = new("batch.not-done", Status409Conflict, "The job is {0}; its audio can be downloaded once it is done.");
    public static readonly Refusal BatchAudioMissing = new("batch.audio-missing", Status404NotFound,
        "The job is done but its audio file is gone from the server; submit it again.");
    public static readonly Refusal BatchCaptionsMissing = new("batch.captions-missing", Status404NotFound,
        "The job is done but its captions are gone from the server (jobs finished before captions existed have none); submit it again.");

    // The pronunciation lexicon.
    public static readonly Refusal LexiconEntryInvalid = new("lexicon.entry-invalid", Status400BadRequest, "This lexicon entry cannot be kept: {0}.");
    public static readonly Refusal LexiconDuplicate = new("lexicon.duplicate", Status409Conflict,
        "Your lexicon already has an entry for '{0}' in that language (id {1}); change that one instead.");
    public static readonly Refusal LexiconFull = new("lexicon.full", Status409Conflict,
        "Your lexicon would hold {0} entries; the limit is {1} (CineCast:Lexicon:MaxEntries). Delete some first.");
    public static readonly Refusal LexiconMalformed = new("lexicon.malformed", Status400BadRequest,
        "The PLS file cannot be read at line {0}, column {1}: {2}. Nothing was imported.");

    // Accounts, keys and models.
    public static readonly Refusal KeyNameInvalid = new("key.name-invalid", Status400BadRequest,
        "A key name is 1 to {0} characters, e.g. the program that will use it.");
    public static readonly Refusal UnknownRole = new("account.unknown-role", Status400BadRequest, "A role is '{0}' or '{1}'.");
    public static readonly Refusal LastAdmin = new("account.last-admin", Status409Conflict, "This is the only administrator; promote someone else first.");
    public static readonly Refusal ModelInstallRefused = new("model.install-refused", Status400BadRequest, "The Pocket TTS model cannot be installed. {0}");

    /// <summary>Every row above, for the tests and the README that list them.</summary>
    public static IReadOnlyList<Refusal> All { get; } = [.. typeof(Refuse)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(Refusal))
        .Select(field => (Refusal)field.GetValue(null)!)];

    private static readonly FrozenDictionary<AudioProblem, Refusal> AudioRefusals = new Dictionary<AudioProblem, Refusal>
    {
        [AudioProblem.Empty] = AudioEmpty,
        [AudioProblem.NotAudio] = AudioNotAudio,
        [AudioProblem.UnsupportedFormat] = AudioUnsupportedFormat,
        [AudioProblem.UnsupportedBitDepth] = AudioUnsupportedBitDepth,
        [AudioProblem.Truncated] = AudioTruncated,
        [AudioProblem.InvalidHeader] = AudioInvalidHeader,
        [AudioProblem.InvalidSampleRate] = AudioInvalidSampleRate,
        [AudioProblem.InvalidChannelCount] = AudioInvalidChannelCount,
        [AudioProblem.NonFiniteSamples] = AudioNonFiniteSamples,
        [AudioProblem.TooLong] = AudioTooLong,
        [AudioProblem.TooLongSpeech] = AudioTooLong,
        [AudioProblem.Silent] = AudioSilent,
        [AudioProblem.TooShort] = AudioTooShort,
        [AudioProblem.Clipped] = AudioClipped,
    }.ToFrozenDictionary();

    /// <summary>The refusal for a clip the decoder or the clone checks turned down.</summary>
    public static Refusal Audio(AudioProblem problem) => AudioRefusals[problem];

    /// <summary>The refusal for markup the script reader turned down, its finding filled in.</summary>
    public static RefusedException Markup(MarkupException exception) =>
        All.Single(row => row.Reason == exception.Code).With(exception.Message);

    /// <summary>The refusal for a rate-limit policy's window being used up.</summary>
    public static Refusal RateLimited(string policy) => policy switch
    {
        Hosting.RateLimitSetup.Uploads => TooManyUploads,
        Hosting.RateLimitSetup.Batches => TooManyBatchRequests,
        Hosting.RateLimitSetup.Detection => TooManyDetections,
        _ => TooManySpeechRequests,
    };

    private static Refusal AudioRow(string reason, int status) => new(reason, status, "This clip cannot become a voice. {0}");

    private static Refusal MarkupRow(string reason) => new(reason, Status400BadRequest, "The text's markup cannot be spoken: {0}.", "input");
}
