# Shared by scripts/run and scripts/test: checks for the .NET SDK and installs missing Debian packages, saying so.

require_dotnet_sdk() {
    if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
        cat >&2 <<'MSG'
The .NET 10 SDK is required and was not found on PATH.
Install it (Debian/Ubuntu with Microsoft's package feed: `apt-get install dotnet-sdk-10.0`,
or https://dot.net/v1/dotnet-install.sh --channel 10.0) and run this command again.
MSG
        exit 1
    fi
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# Usage: require_debian_packages PROBE:PACKAGE ...  (installs PACKAGE when PROBE is missing; PROBE is a command,
# or an absolute path pattern for programs that are not on PATH)
require_debian_packages() {
    local missing=() pair probe
    for pair in "$@"; do
        probe="${pair%%:*}"
        if [[ "$probe" == /* ]]; then
            compgen -G "$probe" >/dev/null || missing+=("${pair#*:}")
        else
            command -v "$probe" >/dev/null 2>&1 || missing+=("${pair#*:}")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing missing Debian packages: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
