# CineCast.Web container: build with the .NET 10 SDK, run on the ASP.NET Core 10 runtime.
#   docker build -t cinecast-web .
#   docker run -p 5080:8080 -v cinecast-data:/data -v cinecast-models:/models cinecast-web
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props CineCast.Web.sln ./
COPY src/ src/
COPY wwwroot/ wwwroot/
COPY voices/ voices/
RUN dotnet publish src/CineCast.Web/CineCast.Web.csproj --configuration Release --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    CineCast__DataDirectory=/data \
    CineCast__ModelsDirectory=/models
RUN mkdir -p /data /models && chown "$APP_UID" /data /models
VOLUME ["/data", "/models"]
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "CineCast.Web.dll"]
