# Shared by the stand-in tools: writes files of realistic sizes that compress
# about 3:1 like code and text do (one third random, two thirds repetitive).
# The random third is a slice of the base's runtime.so at an offset the file's path
# gives: a rebuild writes the same bytes, as a package manager installing the same
# packages does, so a fix's image can be compared with the original file for file.
pool=/usr/local/lib/runtime.so
pool_bytes=8000000

# random_bytes NAME BYTES: BYTES pseudo-random bytes, the same for the same NAME.
random_bytes() {
  local left=$2 offset take
  offset=$((0x$(printf '%s' "$1" | md5sum | cut -c1-7) % pool_bytes))
  while [ "$left" -gt 0 ]; do
    take=$((pool_bytes - offset))
    [ "$take" -gt "$left" ] && take=$left
    tail -c +$((offset + 1)) "$pool" | head -c "$take"
    left=$((left - take))
    offset=0
  done
}

fill() {
  local file=$1 bytes=$2 random
  mkdir -p "$(dirname "$file")"
  random=$((bytes / 3))
  random_bytes "$PWD/$file" "$random" > "$file"
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
