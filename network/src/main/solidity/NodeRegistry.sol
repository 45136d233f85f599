// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title Registry of PoQ miners and validators.
/// @notice Nodes stake POQ and declare what they serve: a miner its model family and the SHA-256 of its
/// GGUF file, a validator its evaluator id. Nodes that serve the same thing form a group; selection
/// draws from a group with probability proportional to stake x trust. Each group keeps its weights in
/// a Fenwick tree, so a weighted draw reads O(log n) storage slots and a weight change writes O(log n):
/// selection stays cheap as the registry grows.
/// @dev v2 (docs/decisions/0003..0009): the market is set once and is the only contract that may slash,
/// move trust or lock stake; every voluntary weight change first lets the market draw the tasks whose
/// random block has passed (so nobody can move weights between seeing a draw's randomness and the draw);
/// stake of a node selected in an unfinished task cannot be withdrawn; trust is per group, starts
/// below an established honest node and decays toward its start value when idle; the unbonding delay
/// has a hard cap.
interface IDrawQueue {
    /// @notice Draws every task whose random block has passed and that is not drawn yet.
    function drawDue() external;
}

contract NodeRegistry is AccessControl {
    using SafeERC20 for IERC20;

    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");
    uint256 public constant TRUST_ONE = 10_000;
    uint256 public constant BPS = 10_000;
    /// @notice Hard cap on the unbonding delay: governance cannot lock stake for longer.
    uint64 public constant MAX_UNBONDING_DELAY = 30 days;
    /// @notice Hard bounds on trust: governance cannot make trust moot or unbounded.
    uint32 public constant MAX_TRUST = 50_000;

    enum Role { None, Miner, Validator }

    struct Node {
        Role role;
        uint32 index; // 1-based position in its group's tree
        uint32 trust; // TRUST_ONE = 1.0
        uint64 unbondingReleaseAt;
        uint40 trustAt; // when trust last moved: idle time decays it toward trustInitial
        uint16 activeTasks; // drawn into tasks that are not finalized: stake cannot be withdrawn
        uint40 priceBlock; // block at which minPrice was last set
        bytes32 group;
        bytes32 modelHash;
        bytes32 evaluatorId;
        uint256 stake;
        uint256 unbonding;
        uint256 weight; // the value at `index` in the group's tree
        uint256 minPrice; // the least fee per selected participant this node works for
        string modelFamily;
    }

    struct Group {
        uint32 size;
        uint32 active; // members with weight > 0
        mapping(uint256 => uint256) tree;
        mapping(uint256 => address) members;
    }

    IERC20 public immutable token;
    address public treasury;
    uint256 public minStake;
    uint64 public unbondingDelay;
    uint32 public trustMin;
    uint32 public trustMax;
    uint32 public trustInitial;
    uint32 public trustAlphaBps;
    uint32 public trustHalfLife; // seconds of idleness that halve the distance of trust to trustInitial
    /// @notice The task market; set once, never changed (governance cannot revoke or replace it).
    address public market;

    mapping(address => Node) private nodes;
    mapping(bytes32 => Group) private groups;
    mapping(bytes32 => bool) public knownEvaluator;

    event NodeRegistered(address indexed node, Role role, bytes32 indexed group, string modelFamily, bytes32 modelHash, bytes32 evaluatorId);
    event StakeChanged(address indexed node, uint256 stake, uint256 unbonding, uint64 releaseAt);
    event Withdrawn(address indexed node, uint256 amount);
    event Slashed(address indexed node, uint256 amount);
    event TrustUpdated(address indexed node, uint32 trust);
    event EvaluatorAdded(bytes32 indexed evaluatorId, string name);
    event ParamsChanged(uint256 minStake, uint64 unbondingDelay, uint32 trustMin, uint32 trustMax, uint32 trustInitial, uint32 trustAlphaBps);
    event MarketSet(address market);
    event MinPriceSet(address indexed node, uint256 minPrice);

    constructor(IERC20 token_, address admin, address treasury_, uint256 minStake_, uint64 unbondingDelay_) {
        token = token_;
        treasury = treasury_;
        require(unbondingDelay_ <= MAX_UNBONDING_DELAY, "Registry: unbonding delay above 30 days");
        minStake = minStake_;
        unbondingDelay = unbondingDelay_;
        trustMin = 1_000;
        trustMax = 20_000;
        // below what an honest node settles at (1.64 at 90% agreement): a fresh address is worth less
        // than an established honest one, so whitewashing a penalized identity does not pay
        trustInitial = 5_000;
        trustAlphaBps = 2_000;
        trustHalfLife = 7 days;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNOR_ROLE, admin);
    }

    modifier onlyMarket() {
        require(msg.sender == market && market != address(0), "Registry: caller is not the market");
        _;
    }

    // ---------------------------------------------------------------- governance

    /// @notice Names the task market, once: no later admin can revoke it (freezing escrow) or replace it.
    function setMarket(address market_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        require(market == address(0), "Registry: market already set");
        require(market_ != address(0), "Registry: market is zero");
        market = market_;
        emit MarketSet(market_);
    }

    function addEvaluator(bytes32 evaluatorId, string calldata name) external onlyRole(GOVERNOR_ROLE) {
        require(evaluatorId != bytes32(0), "Registry: evaluator id is zero");
        knownEvaluator[evaluatorId] = true;
        emit EvaluatorAdded(evaluatorId, name);
    }

    function setParams(uint256 minStake_, uint64 unbondingDelay_, uint32 trustMin_, uint32 trustMax_, uint32 trustInitial_, uint32 trustAlphaBps_)
        external onlyRole(GOVERNOR_ROLE)
    {
        require(trustMin_ > 0 && trustMin_ <= trustInitial_ && trustInitial_ <= trustMax_, "Registry: trust bounds out of order");
        require(trustAlphaBps_ > 0 && trustAlphaBps_ <= BPS, "Registry: trust alpha out of range");
        require(trustMax_ <= MAX_TRUST, "Registry: trust cap above 5.0");
        require(unbondingDelay_ <= MAX_UNBONDING_DELAY, "Registry: unbonding delay above 30 days");
        minStake = minStake_;
        unbondingDelay = unbondingDelay_;
        trustMin = trustMin_;
        trustMax = trustMax_;
        trustInitial = trustInitial_;
        trustAlphaBps = trustAlphaBps_;
        emit ParamsChanged(minStake_, unbondingDelay_, trustMin_, trustMax_, trustInitial_, trustAlphaBps_);
    }

    function setTreasury(address treasury_) external onlyRole(GOVERNOR_ROLE) {
        require(treasury_ != address(0), "Registry: treasury is zero");
        treasury = treasury_;
    }

    // ---------------------------------------------------------------- nodes

    /// @notice Registers (or re-declares) the caller as a miner serving `modelFamily` with the GGUF whose SHA-256 is `modelHash`.
    function registerMiner(string calldata modelFamily, bytes32 modelHash, uint256 stake) external {
        require(bytes(modelFamily).length > 0 && bytes(modelFamily).length <= 64, "Registry: model family must be 1..64 bytes");
        require(modelHash != bytes32(0), "Registry: model hash is zero");
        Node storage n = nodes[msg.sender];
        require(n.role != Role.Validator, "Registry: address is a validator");
        n.modelFamily = modelFamily;
        n.modelHash = modelHash;
        _register(n, Role.Miner, minerGroup(modelFamily), stake);
    }

    /// @notice Registers (or re-declares) the caller as a validator running evaluator `evaluatorId`.
    function registerValidator(bytes32 evaluatorId, uint256 stake) external {
        require(knownEvaluator[evaluatorId], "Registry: unknown evaluator");
        Node storage n = nodes[msg.sender];
        require(n.role != Role.Miner, "Registry: address is a miner");
        n.evaluatorId = evaluatorId;
        _register(n, Role.Validator, validatorGroup(evaluatorId), stake);
    }

    function _register(Node storage n, Role role, bytes32 group, uint256 stake) private {
        _drawDue();
        if (stake > 0) {
            token.safeTransferFrom(msg.sender, address(this), stake);
            n.stake += stake;
        }
        require(n.stake >= minStake, "Registry: stake below minimum");
        if (n.role == Role.None) {
            n.trust = trustInitial;
        }
        n.role = role;
        if (n.group != group) {
            if (n.index != 0) {
                _setWeight(n, 0); // leave the old group
            }
            // trust is per group: what a node earned serving one model family or evaluator says nothing
            // about another, so trust farmed in a private family cannot be carried into a real one
            n.trust = trustInitial;
            n.trustAt = uint40(block.timestamp);
            n.group = group;
            n.index = _append(groups[group], msg.sender);
            n.weight = 0;
        }
        _refreshWeight(n);
        emit NodeRegistered(msg.sender, role, group, n.modelFamily, n.modelHash, n.evaluatorId);
        emit StakeChanged(msg.sender, n.stake, n.unbonding, n.unbondingReleaseAt);
    }

    function addStake(uint256 amount) external {
        Node storage n = nodes[msg.sender];
        require(n.role != Role.None, "Registry: not registered");
        require(amount > 0, "Registry: amount is zero");
        _drawDue();
        token.safeTransferFrom(msg.sender, address(this), amount);
        n.stake += amount;
        _refreshWeight(n);
        emit StakeChanged(msg.sender, n.stake, n.unbonding, n.unbondingReleaseAt);
    }

    /// @notice Moves stake into unbonding: it stops counting for selection at once and can be withdrawn
    /// after the unbonding delay. It can still be slashed for tasks the node took part in.
    function requestUnstake(uint256 amount) external {
        Node storage n = nodes[msg.sender];
        require(n.role != Role.None, "Registry: not registered");
        require(amount > 0, "Registry: amount is zero");
        require(amount <= n.stake, "Registry: amount exceeds stake");
        _drawDue();
        n.stake -= amount;
        n.unbonding += amount;
        n.unbondingReleaseAt = uint64(block.timestamp) + unbondingDelay;
        _refreshWeight(n);
        emit StakeChanged(msg.sender, n.stake, n.unbonding, n.unbondingReleaseAt);
    }

    function withdraw() external {
        Node storage n = nodes[msg.sender];
        require(n.unbonding > 0, "Registry: nothing to withdraw");
        require(block.timestamp >= n.unbondingReleaseAt, "Registry: stake still unbonding");
        // a node drawn into an unfinished task answers for it with this stake until the task is finalized
        require(n.activeTasks == 0, "Registry: selected in an unfinished task; withdraw after it is finalized");
        uint256 amount = n.unbonding;
        n.unbonding = 0;
        token.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
        emit StakeChanged(msg.sender, n.stake, 0, n.unbondingReleaseAt);
    }

    /// @notice Declares the least fee per selected participant this node works for. Selected for a task
    /// that pays less per participant, the node may stay away without penalty (a price set after the
    /// task was submitted does not count).
    function setMinPrice(uint256 price) external {
        Node storage n = nodes[msg.sender];
        require(n.role != Role.None, "Registry: not registered");
        n.minPrice = price;
        n.priceBlock = uint40(block.number);
        emit MinPriceSet(msg.sender, price);
    }

    /// @notice True when `node` declared, before block `submitBlock`, a minimum price above `pricePerParticipant`.
    function pricedOut(address node, uint256 pricePerParticipant, uint256 submitBlock) external view returns (bool) {
        Node storage n = nodes[node];
        return n.minPrice > pricePerParticipant && n.priceBlock < submitBlock;
    }

    /// @notice Pulls the node's trust toward trustInitial for the time it has been idle; anyone may call it.
    function refreshTrust(address node) external {
        Node storage n = nodes[node];
        require(n.role != Role.None, "Registry: not registered");
        _drawDue();
        _decay(n);
        _refreshWeight(n);
        emit TrustUpdated(node, n.trust);
    }

    function _drawDue() private {
        if (market != address(0)) {
            IDrawQueue(market).drawDue();
        }
    }

    /// @dev trust <- initial + (trust - initial) / 2^(idle / halfLife), linear between halvings.
    function _decay(Node storage n) private {
        uint256 idle = block.timestamp - n.trustAt;
        n.trustAt = uint40(block.timestamp);
        if (idle == 0 || trustHalfLife == 0) return;
        uint256 halvings = idle / trustHalfLife;
        uint256 start = trustInitial;
        uint256 cur = n.trust;
        uint256 diff = cur > start ? cur - start : start - cur;
        if (halvings >= 32) {
            diff = 0;
        } else {
            diff >>= halvings;
            // the remainder of a half-life shrinks the distance linearly by up to a further half
            diff -= diff * (idle % trustHalfLife) / (2 * uint256(trustHalfLife));
        }
        n.trust = uint32(cur > start ? start + diff : start - diff);
    }

    // ---------------------------------------------------------------- market hooks

    /// @notice Marks a task's drawn miners and validators as drawn into an unfinished task: their stake
    /// cannot be withdrawn. One call for both lists: a call per list cost the market a call's overhead.
    function lock(address[] calldata ms, address[] calldata vs) external onlyMarket {
        for (uint256 i = 0; i < ms.length; i++) nodes[ms[i]].activeTasks += 1;
        for (uint256 i = 0; i < vs.length; i++) nodes[vs[i]].activeTasks += 1;
    }

    /// @notice The task the nodes were drawn into is finalized.
    function unlock(address[] calldata ms, address[] calldata vs) external onlyMarket {
        for (uint256 i = 0; i < ms.length; i++) nodes[ms[i]].activeTasks -= 1;
        for (uint256 i = 0; i < vs.length; i++) nodes[vs[i]].activeTasks -= 1;
    }

    /// @notice Takes `bps` of the node's stake (active first, then unbonding) to the treasury.
    function slash(address node, uint256 bps) external onlyMarket returns (uint256 amount) {
        Node storage n = nodes[node];
        uint256 total = n.stake + n.unbonding;
        amount = total * bps / BPS;
        if (amount == 0) {
            return 0;
        }
        uint256 fromStake = amount <= n.stake ? amount : n.stake;
        n.stake -= fromStake;
        n.unbonding -= amount - fromStake;
        _refreshWeight(n);
        token.safeTransfer(treasury, amount);
        emit Slashed(node, amount);
        emit StakeChanged(node, n.stake, n.unbonding, n.unbondingReleaseAt);
    }

    /// @notice Moves the node's trust towards a target set by its agreement with consensus (0..10000).
    /// An exponential average towards trustMin + (trustMax - trustMin) * agreement^2, not a multiplicative
    /// step clipped at a cap: under the clipped rule every node with small deviation saturates at the cap
    /// and trust stops telling good nodes from mediocre ones; here only perfect agreement reaches the cap.
    function updateTrust(address node, uint256 agreementBps) external onlyMarket {
        Node storage n = nodes[node];
        if (n.role == Role.None) {
            return;
        }
        _decay(n);
        uint256 a = agreementBps > BPS ? BPS : agreementBps;
        uint256 target = uint256(trustMin) + (uint256(trustMax) - trustMin) * a * a / (BPS * BPS);
        uint256 next = (uint256(n.trust) * (BPS - trustAlphaBps) + target * trustAlphaBps) / BPS;
        if (next < trustMin) next = trustMin;
        if (next > trustMax) next = trustMax;
        n.trust = uint32(next);
        _refreshWeight(n);
        emit TrustUpdated(node, n.trust);
    }

    // ---------------------------------------------------------------- selection

    function minerGroup(string memory modelFamily) public pure returns (bytes32) {
        return keccak256(abi.encode(Role.Miner, keccak256(bytes(modelFamily))));
    }

    function validatorGroup(bytes32 evaluatorId) public pure returns (bytes32) {
        return keccak256(abi.encode(Role.Validator, evaluatorId));
    }

    /// @notice Members of `group` with a positive weight, not counting `exclude`.
    function eligibleCount(bytes32 group, address exclude) public view returns (uint256) {
        Node storage x = nodes[exclude];
        uint256 c = groups[group].active;
        if (x.group == group && x.weight > 0) {
            c -= 1;
        }
        return c;
    }

    function groupSize(bytes32 group) external view returns (uint256) {
        return groups[group].size;
    }

    function totalWeight(bytes32 group) external view returns (uint256) {
        Group storage g = groups[group];
        return _prefix(g, g.size);
    }

    /// @notice Draws `count` distinct members of `group`, each draw weighted by stake x trust among the
    /// members not yet drawn, never `exclude`. Deterministic in `seed`: anyone can recompute a task's draw.
    function sample(bytes32 group, bytes32 seed, uint256 count, address exclude) public view returns (address[] memory out) {
        require(eligibleCount(group, exclude) >= count, "Registry: not enough eligible nodes");
        Group storage g = groups[group];
        out = new address[](count);
        uint256[] memory takenIdx = new uint256[](count + 1);
        uint256[] memory takenW = new uint256[](count + 1);
        uint256 taken;
        uint256 total = _prefix(g, g.size);
        Node storage x = nodes[exclude];
        if (x.group == group && x.weight > 0) {
            takenIdx[0] = x.index;
            takenW[0] = x.weight;
            taken = 1;
            total -= x.weight;
        }
        uint256 top = _highestPowerOfTwo(g.size);
        for (uint256 j = 0; j < count; j++) {
            uint256 r = uint256(keccak256(abi.encode(seed, j))) % total;
            uint256 idx = _find(g, r, top, takenIdx, takenW, taken);
            address a = g.members[idx];
            uint256 w = nodes[a].weight;
            out[j] = a;
            takenIdx[taken] = idx;
            takenW[taken] = w;
            taken++;
            total -= w;
        }
    }

    /// @dev The smallest index whose prefix sum, with the already-taken members' weights removed, exceeds r.
    function _find(Group storage g, uint256 r, uint256 top, uint256[] memory takenIdx, uint256[] memory takenW, uint256 taken)
        private view returns (uint256)
    {
        uint256 pos;
        uint256 size = g.size;
        for (uint256 step = top; step > 0; step >>= 1) {
            uint256 next = pos + step;
            if (next > size) {
                continue;
            }
            uint256 t = g.tree[next];
            for (uint256 i = 0; i < taken; i++) {
                if (takenIdx[i] > pos && takenIdx[i] <= next) {
                    t -= takenW[i];
                }
            }
            if (t <= r) {
                pos = next;
                r -= t;
            }
        }
        return pos + 1;
    }

    function _highestPowerOfTwo(uint256 n) private pure returns (uint256 p) {
        if (n == 0) return 0;
        p = 1;
        while (p * 2 <= n) p *= 2;
    }

    function _prefix(Group storage g, uint256 i) private view returns (uint256 s) {
        while (i > 0) {
            s += g.tree[i];
            i -= i & (~i + 1);
        }
    }

    function _append(Group storage g, address member) private returns (uint32 index) {
        index = g.size + 1;
        g.size = index;
        g.members[index] = member;
        uint256 low = index & (~uint256(index) + 1);
        // a new node of a growing Fenwick tree covers (index - low, index]: sum the existing elements there
        g.tree[index] = _prefix(g, index - 1) - _prefix(g, index - low);
    }

    function _refreshWeight(Node storage n) private {
        uint256 w = n.stake >= minStake && n.stake > 0 ? n.stake * n.trust / TRUST_ONE : 0;
        _setWeight(n, w);
    }

    function _setWeight(Node storage n, uint256 w) private {
        uint256 old = n.weight;
        if (w == old) {
            return;
        }
        Group storage g = groups[n.group];
        uint256 size = g.size;
        if (w > old) {
            uint256 d = w - old;
            for (uint256 i = n.index; i <= size; i += i & (~i + 1)) g.tree[i] += d;
        } else {
            uint256 d = old - w;
            for (uint256 i = n.index; i <= size; i += i & (~i + 1)) g.tree[i] -= d;
        }
        if (old == 0) g.active += 1;
        if (w == 0) g.active -= 1;
        n.weight = w;
    }

    // ---------------------------------------------------------------- views

    struct NodeView {
        Role role;
        uint32 trust;
        uint64 unbondingReleaseAt;
        bytes32 group;
        bytes32 modelHash;
        bytes32 evaluatorId;
        uint256 stake;
        uint256 unbonding;
        uint256 weight;
        string modelFamily;
        uint256 minPrice;
        uint16 activeTasks;
    }

    function nodeInfo(address node) external view returns (NodeView memory v) {
        Node storage n = nodes[node];
        v = NodeView(n.role, n.trust, n.unbondingReleaseAt, n.group, n.modelHash, n.evaluatorId, n.stake, n.unbonding,
            n.weight, n.modelFamily, n.minPrice, n.activeTasks);
    }

    function memberAt(bytes32 group, uint256 index) external view returns (address) {
        return groups[group].members[index];
    }
}
