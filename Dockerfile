# VirtLab in one image: built with Maven (and npm for the browser packages), run on a JRE.
#
#   docker build -t virtlab .
#   docker run -d -p 7070:7070 -v virtlab-data:/data --name virtlab virtlab
#   open http://localhost:7070 and sign up: the first account is the admin
#
# Settings: the flags of `virtlab serve --help` after the image name, or the environment
# variables VIRTLAB_SIGNUP, VIRTLAB_LABS_PER_USER, VIRTLAB_RUNNERS, VIRTLAB_DB (docs/server.md).

# ---- build ---------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The guest images ship prebuilt (engine/src/main/resources), so no cross compiler is needed;
# the tests run in CI, not here.
RUN mvn -B -q -DskipTests package

# ---- run -----------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin virtlab \
 && mkdir -p /data && chown virtlab /data
COPY --from=build /src/server/target/virtlab.jar /app/virtlab.jar
USER virtlab
VOLUME /data
EXPOSE 7070
# /health answers {"status":"ok",...}; bash's /dev/tcp needs no curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/7070 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"ok\"' <&3"]
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/virtlab.jar", "serve", "--data", "/data", "--port", "7070"]
