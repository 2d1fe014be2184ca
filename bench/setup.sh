# Sourced by the bench scripts: finds a JDK >= 21 (bin/java-env), builds the distribution once if
# slipway-dist/target/lib is missing (extra Maven arguments in MVN_ARGS), and changes to the
# project root, which it leaves in $root.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bin/java-env"
if [ ! -d "$root/slipway-dist/target/lib" ]; then
  (cd "$root" && ./mvnw -B -q -ntp ${MVN_ARGS:-} install -DskipTests)
fi
cd "$root"
