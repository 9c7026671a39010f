# Shared by the stand-in tools: writes files of realistic sizes that compress
# about 3:1 like code and text do (one third random, two thirds repetitive).
fill() {
  file=$1 bytes=$2
  mkdir -p "$(dirname "$file")"
  random=$((bytes / 3))
  head -c "$random" /dev/urandom > "$file"
  yes 'module.exports = function handler (request, response) { return response.end() }' |
    head -c $((bytes - random)) >> "$file"
}

# fill_tree DIR NAME COUNT BYTES: COUNT packages of BYTES each under DIR.
fill_tree() {
  dir=$1 name=$2 count=$3 bytes=$4
  i=1
  while [ "$i" -le "$count" ]; do
    fill "$dir/$name-$i/index.js" "$bytes"
    echo "{\"name\":\"$name-$i\",\"version\":\"1.0.$i\"}" > "$dir/$name-$i/package.json"
    i=$((i + 1))
  done
}
