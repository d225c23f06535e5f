# CineCast.Web in a container: built with the .NET 10 SDK, run on the ASP.NET Core 10 runtime as a non-root user.
#   docker build -t cinecast-web .
#   docker run -p 5080:8080 -v cinecast-data:/data -v cinecast-models:/models cinecast-web
# Several instances with PostgreSQL and Redis: deploy/compose.yaml.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so the package layer is reused while only code changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CineCast.Web/CineCast.Web.csproj src/CineCast.Web/
COPY src/CineCast.Audio/CineCast.Audio.csproj src/CineCast.Audio/
COPY src/CineCast.Speech/CineCast.Speech.csproj src/CineCast.Speech/
COPY src/CineCast.Neural/CineCast.Neural.csproj src/CineCast.Neural/
COPY src/CineCast.Engines/CineCast.Engines.csproj src/CineCast.Engines/
RUN dotnet restore src/CineCast.Web/CineCast.Web.csproj
COPY src/ src/
COPY wwwroot/ wwwroot/
COPY voices/ voices/
RUN dotnet publish src/CineCast.Web/CineCast.Web.csproj --configuration Release --no-restore --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# espeak-ng speaks for the basic engine, ffmpeg encodes MP3/Opus/AAC/FLAC responses, curl answers the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends espeak-ng ffmpeg curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    CineCast__DataDirectory=/data \
    CineCast__ModelsDirectory=/models
RUN mkdir -p /data /models && chown "$APP_UID" /data /models
VOLUME ["/data", "/models"]
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl --fail --silent --show-error http://localhost:8080/health || exit 1
ENTRYPOINT ["dotnet", "CineCast.Web.dll"]
